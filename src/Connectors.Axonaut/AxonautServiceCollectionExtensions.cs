using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Relance.Connectors;
using Relance.Connectors.Axonaut;
using Relance.Connectors.Axonaut.Internal;

namespace Microsoft.Extensions.DependencyInjection;

public static class AxonautServiceCollectionExtensions
{
    /// <summary>Registers the Axonaut connector type ("axonaut").</summary>
    public static IServiceCollection AddAxonautConnector(this IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<AxonautRateLimiters>();
        services.AddHttpClient(AxonautConstants.HttpClientName)
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 4;
                options.Retry.UseJitter = true;
                options.Retry.ShouldRetryAfterHeader = true;
                options.Retry.ShouldHandle = ShouldRetry;
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(2);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
                configureResilience?.Invoke(options);
            });
        services.AddSingleton<IConnectorFactory, AxonautConnectorFactory>();
        return services;
    }

    // 429 is Axonaut's daily quota: retrying only burns more of it, the connector pauses the connection instead.
    // Other transient failures are retried for reads only: events are not idempotent.
    private static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return ValueTask.FromResult(false);
        }

        var method = args.Outcome.Result?.RequestMessage?.Method ?? args.Context.GetRequestMessage()?.Method;
        return ValueTask.FromResult(method == HttpMethod.Get && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }
}
