using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Relance.Connectors.Http;
using Relance.Connectors;
using Relance.Connectors.Pennylane;
using Relance.Connectors.Pennylane.Internal;

namespace Microsoft.Extensions.DependencyInjection;

public static class PennylaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Pennylane connector type ("pennylane"). Connections are configured under
    /// <c>Relance:Connections:{name}</c> with <c>Connector: pennylane</c>.
    /// </summary>
    public static IServiceCollection AddPennylaneConnector(this IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<KeyedRateLimiters>();
        services.TryAddTransient<PennylaneRateLimitHandler>();
        var client = services.AddConnectorHttpClient(PennylaneConstants.HttpClientName, ConnectorResilience.Defaults(6, retryTooManyRequests: true, TimeSpan.FromMinutes(3), configureResilience));

        // Added after the resilience handler, so inside it: every retry waits for a permit too.
        client.AddHttpMessageHandler<PennylaneRateLimitHandler>();
        services.AddSingleton<IConnectorFactory, PennylaneConnectorFactory>();
        return services;
    }
}
