using System.Threading.RateLimiting;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// What all connections and jobs of one QuickBooks company share in this process: Intuit counts limits per realm and
/// app, and a refresh token must never be used by two refreshes at once.
/// </summary>
internal sealed class RealmState : IDisposable
{
    private readonly Lock _gate = new();
    private DateTimeOffset _resumeAt;

    public RealmState(QuickBooksOptions options)
    {
        InFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequests, QueueLimit = int.MaxValue });
        PerSecond = Window(options.RequestsPerSecond, TimeSpan.FromSeconds(1), 4);
        PerMinute = Window(options.RequestsPerMinute, TimeSpan.FromMinutes(1), 12);
    }

    /// <summary>Held while refreshing or exchanging tokens.</summary>
    public SemaphoreSlim Refresh { get; } = new(1, 1);

    /// <summary>The last token state read or written, so most requests never touch the store.</summary>
    public TokenState? Tokens { get; set; }

    public RateLimiter InFlight { get; }

    public RateLimiter PerSecond { get; }

    public RateLimiter PerMinute { get; }

    /// <summary>After a 429 every request to the realm waits until then (real time: network pacing).</summary>
    public DateTimeOffset ResumeAt
    {
        get
        {
            lock (_gate)
            {
                return _resumeAt;
            }
        }
    }

    public void PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _resumeAt)
            {
                _resumeAt = until;
            }
        }
    }

    public void Dispose()
    {
        Refresh.Dispose();
        InFlight.Dispose();
        PerSecond.Dispose();
        PerMinute.Dispose();
    }

    private static SlidingWindowRateLimiter Window(int permits, TimeSpan window, int segments) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = segments,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
