using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// One connection's gate to the API: paces requests per realm (10 in flight, 10/s, 500/min), adds the bearer token,
/// refreshes once on a 401, holds every request of the realm after a 429 (Retry-After, else
/// <see cref="QuickBooksOptions.ThrottleDelay"/>), and turns a Fault inside a 200 into an error.
/// </summary>
internal sealed partial class QuickBooksHandler(QuickBooksOptions options, ConnectionContext context, QuickBooksTokens tokens, ILogger logger) : DelegatingHandler
{
    private const int MaxThrottleWaits = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var realm = tokens.Realm(options);
        var content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        string? rejected = null;
        for (var throttled = 0; ; )
        {
            var wait = realm.ResumeAt - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var token = await tokens.AccessTokenAsync(options, context, rejected, cancellationToken);
            HttpResponseMessage response;
            using (await realm.InFlight.AcquireAsync(1, cancellationToken))
            {
                using (await realm.PerMinute.AcquireAsync(1, cancellationToken))
                using (await realm.PerSecond.AcquireAsync(1, cancellationToken))
                {
                    // Leases of a sliding window are not returned: holding them only as long as the call is fine.
                }

                if (realm.ResumeAt > DateTimeOffset.UtcNow)
                {
                    continue;
                }

                response = await base.SendAsync(Copy(request, content, token), cancellationToken);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && rejected is null)
            {
                // The hour may be up early (revoked, clock skew): refresh once, then give up with the 401.
                response.Dispose();
                rejected = token;
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled++ < MaxThrottleWaits)
            {
                var delay = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : options.ThrottleDelay);
                realm.PauseUntil(DateTimeOffset.UtcNow + delay);
                LogThrottled(logger, context.Name, options.RealmId, delay.TotalSeconds);
                response.Dispose();
                continue;
            }

            if (response.IsSuccessStatusCode && response.Content is { } body)
            {
                var bytes = await body.ReadAsByteArrayAsync(cancellationToken);
                if (QuickBooksFault.IsFaultDocument(bytes))
                {
                    // Intuit reports some failures inside a 200: surface them as the error they are.
                    response.StatusCode = HttpStatusCode.BadGateway;
                    response.ReasonPhrase = "Fault in a 200 answer";
                    response.Headers.TryAddWithoutValidation(FaultOn200Header, "true");
                }
            }

            return response;
        }
    }

    /// <summary>Marks a response whose 200 carried a Fault (now a 502 for Refit).</summary>
    public const string FaultOn200Header = "X-Relance-Fault-On-200";

    private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? content, string token)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in original.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        if (content is not null)
        {
            copy.Content = new ByteArrayContent(content);
            foreach (var header in original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        copy.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        copy.Headers.Accept.Clear();
        copy.Headers.Accept.ParseAdd("application/json");
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: QuickBooks throttled realm {Realm} (429); every request to it waits {Seconds:0.#} s")]
    private static partial void LogThrottled(ILogger logger, string connection, string realm, double seconds);
}
