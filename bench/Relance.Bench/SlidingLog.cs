namespace Relance.Bench;

/// <summary>
/// The bare client's pacing: never more than <c>count</c> requests in any span of <c>window</c>, which no fixed- or
/// sliding-window server counts as too many. Sequential use only.
/// </summary>
internal sealed class SlidingLog(IReadOnlyList<(int Count, TimeSpan Window)> limits)
{
    private readonly List<DateTimeOffset> _sent = [];

    public async Task WaitAsync()
    {
        foreach (var (count, window) in limits)
        {
            if (_sent.Count >= count)
            {
                // A little over the window: the server counts arrivals, which a busy loopback can bunch up.
                var wait = _sent[^count] + window * 1.05 + TimeSpan.FromMilliseconds(2) - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }

        _sent.Add(DateTimeOffset.UtcNow);
    }

    /// <summary>The most requests any window of <paramref name="window"/> saw, among <paramref name="times"/>.</summary>
    public static int Peak(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var peak = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] < sorted[start] + window)
            {
                end++;
            }

            peak = Math.Max(peak, end - start);
        }

        return peak;
    }

    /// <summary>The least time <paramref name="requests"/> can take under (count per window): the first window is a free burst.</summary>
    public static TimeSpan LowerBound(int requests, int count, TimeSpan window) =>
        requests <= count ? TimeSpan.Zero : window * ((requests - 1) / count);
}
