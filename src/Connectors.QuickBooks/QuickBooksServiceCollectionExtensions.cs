using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Relance.Connectors;
using Relance.Connectors.Http;
using Relance.Connectors.QuickBooks;
using Relance.Connectors.QuickBooks.Internal;

namespace Microsoft.Extensions.DependencyInjection;

public static class QuickBooksServiceCollectionExtensions
{
    /// <summary>Registers the QuickBooks Online connector type ("quickbooks") and its webhook receiver.</summary>
    public static IServiceCollection AddQuickBooksConnector(this IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<QuickBooksTokens>();

        // 429s are handled per realm by the connection handler (every request of the realm waits), not retried here;
        // writes carry a requestid, so QuickBooks recognises a retried POST.
        services.AddConnectorHttpClient(QuickBooksConstants.HttpClientName, ConnectorResilience.Defaults(3, retryTooManyRequests: false, TimeSpan.FromMinutes(2), options =>
            {
                options.Retry.ShouldHandle = RetryPredicates.GetOrIdempotent("requestid");
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(120);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(240);
                configureResilience?.Invoke(options);
            }));

        // Not retried (a refresh whose answer was lost may have rotated the token) and never redirected (the
        // refresh token and client secret would follow a 307 to its Location).
        services.AddConnectorHttpClient(QuickBooksConstants.OAuthClientName, resilience: null).ConfigureHttpClient(client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<QuickBooksConnectorFactory>();
        services.AddSingleton<IConnectorFactory>(sp => sp.GetRequiredService<QuickBooksConnectorFactory>());
        services.AddSingleton<IWebhookReceiver, QuickBooksWebhookReceiver>();
        return services;
    }
}
