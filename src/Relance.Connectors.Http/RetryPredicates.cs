using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Relance.Connectors.Http;

/// <summary>Retry rules for APIs without idempotency keys.</summary>
public static class RetryPredicates
{
    /// <summary>
    /// Transient failures are retried for GET only (a retried POST could write a note twice). A 429 is retried for
    /// every method when <paramref name="retryTooManyRequests"/> (the request was refused before any processing),
    /// never otherwise (e.g. a daily quota, where retrying burns more of it).
    /// </summary>
    public static Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> SafeOnly(bool retryTooManyRequests) => args =>
    {
        if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return ValueTask.FromResult(retryTooManyRequests);
        }

        var method = args.Outcome.Result?.RequestMessage?.Method ?? args.Context.GetRequestMessage()?.Method;
        return ValueTask.FromResult(method == HttpMethod.Get && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    };

    /// <summary>
    /// For APIs with an idempotency key in the query string: transient failures are retried for GET and for writes
    /// carrying <paramref name="idempotencyKey"/>; 429 is never retried here (the connector paces the whole account).
    /// </summary>
    public static Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> GetOrIdempotent(string idempotencyKey) => args =>
    {
        if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return ValueTask.FromResult(false);
        }

        var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
        var safe = request?.Method == HttpMethod.Get || request?.RequestUri?.Query.Contains(idempotencyKey + "=", StringComparison.Ordinal) == true;
        return ValueTask.FromResult(safe && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    };
}
