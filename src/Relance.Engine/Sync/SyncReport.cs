namespace Relance.Engine.Sync;

/// <summary>What one sync of one connection did.</summary>
public sealed record SyncReport(
    string Connection,
    bool FullSnapshot,
    int Invoices,
    int Customers,
    int Deleted,
    int Closed,
    IReadOnlyList<string> Rejected,
    DateTimeOffset? PausedUntil = null)
{
    public static SyncReport Paused(string connection, DateTimeOffset until) => new(connection, false, 0, 0, 0, 0, [], until);
}
