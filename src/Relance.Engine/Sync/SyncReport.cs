using System.Globalization;

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
    /// <summary>Set when a full snapshot is read in several runs: which part this was and whether it finished it.</summary>
    public SnapshotPart? Part { get; init; }

    /// <summary>Paid invoices of the history window read by this sync (once per connection, after its first full read).</summary>
    public int PaidHistory { get; init; }

    /// <summary>"incremental", "full", or which part of a full snapshot read over several runs.</summary>
    public string Mode => Part switch
    {
        null => FullSnapshot ? "full" : "incremental",
        { Completed: true } => string.Create(CultureInfo.InvariantCulture, $"full, completed in {Part.Number} parts since {Part.Started:yyyy-MM-dd HH:mm} UTC"),
        _ => string.Create(CultureInfo.InvariantCulture, $"full, part {Part.Number} read, not finished: the next sync continues it"),
    };

    public static SyncReport Paused(string connection, DateTimeOffset until) => new(connection, false, 0, 0, 0, 0, [], until);
}

/// <summary>One part of a full snapshot read over several runs (a daily quota, a crash between parts).</summary>
/// <param name="Number">1 for the run that began it.</param>
/// <param name="Completed">This part reached the snapshot's end: invoices no part saw are now closed.</param>
/// <param name="First">No snapshot of the connection had completed before: the ledger held only part of the account.</param>
/// <param name="Started">When the first part began (business time).</param>
public sealed record SnapshotPart(int Number, bool Completed, bool First, DateTimeOffset Started);
