using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
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
        services.TryAddSingleton<PennylaneRateLimiters>();
        services.TryAddTransient<PennylaneRateLimitHandler>();
        services.AddHttpClient(PennylaneConstants.HttpClientName)
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 6;
                options.Retry.UseJitter = true;
                options.Retry.ShouldRetryAfterHeader = true;
                options.Retry.ShouldHandle = ShouldRetry;
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(3);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
                configureResilience?.Invoke(options);
            })
            .Services.AddHttpClient(PennylaneConstants.HttpClientName)
            .AddHttpMessageHandler<PennylaneRateLimitHandler>();
        services.AddSingleton<IConnectorFactory, PennylaneConnectorFactory>();
        return services;
    }

    // 429 is refused before any processing, so every method may be retried; anything else only when the
    // method is safe: comments are not idempotent and a retried POST could write twice.
    private static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return ValueTask.FromResult(true);
        }

        var method = args.Outcome.Result?.RequestMessage?.Method ?? args.Context.GetRequestMessage()?.Method;
        return ValueTask.FromResult(method == HttpMethod.Get && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }
}
