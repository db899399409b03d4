namespace Relance.Engine.Connections;

/// <summary>
/// The business clock: what "today" is for schedules and ledger entries. Separate from the infrastructure
/// <see cref="TimeProvider"/> so the demo and tests can move business time without freezing retries and timeouts.
/// </summary>
public sealed class RelanceClock(TimeProvider time)
{
    public TimeProvider Time => time;

    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>Today's date in a time zone.</summary>
    public DateOnly Today(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
}
