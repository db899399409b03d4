using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Relance.Connectors.Http;
using Relance.Connectors;
using Relance.Connectors.Axonaut;

namespace Microsoft.Extensions.DependencyInjection;

public static class AxonautServiceCollectionExtensions
{
    /// <summary>Registers the Axonaut connector type ("axonaut").</summary>
    public static IServiceCollection AddAxonautConnector(this IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<KeyedRateLimiters>();
        services.AddHttpClient(AxonautConstants.HttpClientName)
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 4;
                options.Retry.UseJitter = true;
                options.Retry.ShouldRetryAfterHeader = true;
                options.Retry.ShouldHandle = RetryPredicates.SafeOnly(retryTooManyRequests: false);
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(2);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
                configureResilience?.Invoke(options);
            });
        services.AddSingleton<IConnectorFactory, AxonautConnectorFactory>();
        return services;
    }
}
