using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>
/// Client-side limit at Pennylane's documented rate, per token (the API counts per token, so two connections with
/// two tokens do not share a budget). Sits inside the retry handler so retries wait for a permit too.
/// </summary>
internal sealed class PennylaneRateLimitHandler(PennylaneRateLimiters limiters) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<(int Permits, TimeSpan Window)> LimitKey = new("Relance.Pennylane.RateLimit");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        (int Permits, TimeSpan Window) limit = request.Options.TryGetValue(LimitKey, out var configured) ? configured : (25, TimeSpan.FromSeconds(5));
        var limiter = limiters.For(request.Headers.Authorization?.Parameter ?? "", limit.Permits, limit.Window);
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One sliding-window limiter per token, kept for the host's lifetime.</summary>
internal sealed class PennylaneRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    public RateLimiter For(string token, int permits, TimeSpan window)
    {
        // Keyed by a hash so tokens are not kept in clear in memory dumps longer than needed.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{token}|{permits}|{window.Ticks}")));
        // A segmented sliding window frees a permit up to one segment early; widening the window by a segment
        // plus a little network jitter keeps every W-long span at or under the limit, whatever window the server uses.
        const int segments = 10;
        return _limiters.GetOrAdd(key, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window + (window / segments) + TimeSpan.FromMilliseconds(50),
            SegmentsPerWindow = segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
