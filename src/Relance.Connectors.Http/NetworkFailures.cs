namespace Relance.Connectors.Http;

/// <summary>Recognises failures where the platform could not be reached or did not answer in time.</summary>
public static class NetworkFailures
{
    /// <summary>
    /// True for connection failures, timeouts and an open circuit — also when Refit wraps them in its
    /// <c>ApiRequestException</c> (Refit 16 does so for anything thrown while sending).
    /// </summary>
    public static bool IsNetworkFailure(Exception exception) => exception switch
    {
        HttpRequestException or ResponseRefusedException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or Polly.RateLimiting.RateLimiterRejectedException => true,
        Refit.ApiRequestException { InnerException: { } inner } => IsNetworkFailure(inner),
        Refit.ApiRequestException => true,
        _ => false,
    };

    /// <summary>The innermost useful message (without Refit's wrapper).</summary>
    public static string Describe(Exception exception) =>
        exception is Refit.ApiRequestException { InnerException: { } inner } ? inner.Message : exception.Message;
}
