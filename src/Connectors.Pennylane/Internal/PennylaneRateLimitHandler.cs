using System.Globalization;
using System.Threading.RateLimiting;
using Relance.Connectors.Http;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>
/// Client-side limit at Pennylane's documented rate, per token (the API counts per token, so two connections with
/// two tokens do not share a budget). Sits inside the retry handler so retries wait for a permit too.
/// </summary>
internal sealed class PennylaneRateLimitHandler(KeyedRateLimiters limiters) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<(int Permits, TimeSpan Window)> LimitKey = new("Relance.Pennylane.RateLimit");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        (int Permits, TimeSpan Window) limit = request.Options.TryGetValue(LimitKey, out var configured) ? configured : (25, TimeSpan.FromSeconds(5));
        var shape = string.Create(CultureInfo.InvariantCulture, $"{limit.Permits}/{limit.Window.Ticks}");
        var limiter = limiters.For(request.Headers.Authorization?.Parameter ?? "", shape, () => Create(limit.Permits, limit.Window));
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    // A segmented sliding window frees a permit up to one segment early; widening the window by a segment
    // plus a little network jitter keeps every W-long span at or under the limit, whatever window the server uses.
    private static SlidingWindowRateLimiter Create(int permits, TimeSpan window)
    {
        const int segments = 10;
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window + (window / segments) + TimeSpan.FromMilliseconds(100),
            SegmentsPerWindow = segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
