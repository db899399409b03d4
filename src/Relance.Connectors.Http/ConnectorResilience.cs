using Microsoft.Extensions.Http.Resilience;

namespace Relance.Connectors.Http;

/// <summary>The resilience settings every REST connector starts from; each connector states only what differs.</summary>
public static class ConnectorResilience
{
    /// <param name="retryTooManyRequests">Retry 429 (a short rate window) or not (a daily quota).</param>
    public static Action<HttpStandardResilienceOptions> Defaults(int maxRetryAttempts, bool retryTooManyRequests, TimeSpan totalTimeout, Action<HttpStandardResilienceOptions>? overrides) => options =>
    {
        options.Retry.MaxRetryAttempts = maxRetryAttempts;
        options.Retry.UseJitter = true;
        options.Retry.ShouldRetryAfterHeader = true;
        options.Retry.ShouldHandle = RetryPredicates.SafeOnly(retryTooManyRequests);
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
        options.TotalRequestTimeout.Timeout = totalTimeout;

        // The circuit breaker's sampling window must be at least twice the attempt timeout.
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);

        // A daily quota's 429 is not an outage: the host pauses the connection until the quota is back, and a breaker
        // still open from yesterday's 429s must not fail the first request of the next part.
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            !(args.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.TooManyRequests } && !retryTooManyRequests)
            && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        overrides?.Invoke(options);
    };
}
