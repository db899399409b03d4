namespace Relance.Connectors;

/// <summary>One message of a connector's read stream, in the spirit of Airbyte RECORD/STATE messages.</summary>
public abstract record SyncMessage;

/// <summary>
/// Announces that the records up to the next <see cref="Checkpoint"/> are the complete set of open invoices:
/// whatever the host holds as open and does not receive again is no longer open.
/// </summary>
public sealed record FullSnapshotStarted : SyncMessage;

/// <summary>An invoice as it is now. May be closed (paid, cancelled): the host then stops chasing it.</summary>
public sealed record InvoiceRecord(Invoice Invoice) : SyncMessage;

/// <summary>A customer as it is now.</summary>
public sealed record CustomerRecord(Customer Customer) : SyncMessage;

/// <summary>The invoice no longer exists on the platform.</summary>
public sealed record InvoiceDeleted(string InvoiceId) : SyncMessage;

/// <summary>Everything emitted before is safe to commit; the host then saves <paramref name="Cursor"/>.</summary>
public sealed record Checkpoint(SyncCursor Cursor) : SyncMessage;

/// <summary>
/// Everything emitted before is safe to commit, and the full snapshot begun by <see cref="FullSnapshotStarted"/> is
/// still going: the host saves <paramref name="Cursor"/> and closes nothing. If the read stops here (a daily quota, a
/// crash), the next read gets this cursor and continues the same snapshot without announcing it again; its final
/// <see cref="Checkpoint"/> then covers the records of every part.
/// </summary>
public sealed record SnapshotProgress(SyncCursor Cursor) : SyncMessage;

/// <summary>A record the connector could not map (bad field, unknown format). The host reports it; the read goes on.</summary>
/// <param name="Kind">"invoice" or "customer".</param>
/// <param name="Id">The platform id of the record.</param>
/// <param name="Reason">Names the field and the value that was wrong.</param>
public sealed record RecordSkipped(string Kind, string Id, string Reason) : SyncMessage
{
    private const int MaxReason = 300;

    /// <summary>
    /// Fit for a log line and a report whatever the platform sent: one printable line (<see cref="PlatformText.OneLine"/>)
    /// of at most 300 characters. A hostile value quoted whole (200 000 characters, a line break) would flood or forge the logs.
    /// </summary>
    public string Reason { get; init; } = Bounded(Reason);

    private static string Bounded(string? reason)
    {
        var text = PlatformText.OneLine(reason is { Length: > MaxReason } ? reason[..(MaxReason + 1)] : reason);
        return text.Length > MaxReason ? text[..MaxReason] + "…" : text;
    }
}
