using Microsoft.Extensions.DependencyInjection;

namespace Relance.Testing;

public static class ServiceCollectionTestExtensions
{
    /// <summary>Wraps the registered singleton <typeparamref name="T"/> in a decorator.</summary>
    public static IServiceCollection Decorate<T>(this IServiceCollection services, Func<T, T> decorate)
        where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.AddSingleton(sp =>
        {
            var inner = original.ImplementationInstance as T
                ?? (original.ImplementationFactory?.Invoke(sp) as T)
                ?? (T)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            return decorate(inner);
        });
        return services;
    }
}
