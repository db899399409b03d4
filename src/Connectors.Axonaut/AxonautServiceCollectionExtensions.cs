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
        services.AddConnectorHttpClient(AxonautConstants.HttpClientName, ConnectorResilience.Defaults(4, retryTooManyRequests: false, TimeSpan.FromMinutes(2), configureResilience));
        services.AddSingleton<IConnectorFactory, AxonautConnectorFactory>();
        return services;
    }
}
