using Relance.Connectors;

namespace Relance.Ledger;

/// <summary>
/// Durable memory of Relance. Every write is atomic; the unique (connection, invoice, step) key on actions is what
/// guarantees that a reminder is never sent twice, across restarts and hosts sharing the store.
/// </summary>
public interface IDunningLedger
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<SyncCursor?> GetCursorAsync(string connection, CancellationToken cancellationToken);

    /// <summary>
    /// Stores records of one read; <paramref name="snapshotId"/> marks them as seen by a full snapshot. Snapshot ids
    /// must sort in the order the snapshots began (ordinal): a record keeps the newest snapshot's mark.
    /// </summary>
    Task StoreAsync(string connection, IReadOnlyList<SyncMessage> records, string? snapshotId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the cursor; closes open invoices a completed full snapshot did not see, unless a newer snapshot has
    /// stored records meanwhile (an overlap: then nothing is closed). Returns how many were closed.
    /// </summary>
    Task<int> CommitCheckpointAsync(string connection, SyncCursor cursor, string? completedSnapshotId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredInvoice>> GetOpenInvoicesAsync(string connection, CancellationToken cancellationToken);

    /// <summary>Every invoice the ledger has seen (open or closed, not deleted), with when it closed.</summary>
    Task<IReadOnlyList<InvoiceHistory>> GetInvoiceHistoryAsync(string connection, CancellationToken cancellationToken);

    Task<StoredInvoice?> GetInvoiceAsync(string connection, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Step occurrences held for the connection's invoices (failed ones excluded: they may be claimed again).</summary>
    Task<IReadOnlyList<TakenStep>> GetTakenStepsAsync(string connection, CancellationToken cancellationToken);

    /// <summary>When each open invoice's amount due last went down without reaching zero (a partial payment).</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetPartialPaymentsAsync(string connection, CancellationToken cancellationToken);

    /// <summary>Creates an action directly in <paramref name="state"/> (awaiting approval, open task), unique like a claim.</summary>
    Task<ClaimResult> TryRecordAsync(ActionClaim claim, ActionState state, string detail, CancellationToken cancellationToken);

    /// <summary>Moves an action from one state to another; false when it was not in <paramref name="from"/>.</summary>
    Task<bool> TransitionAsync(string actionId, ActionState from, ActionState to, string detail, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Claims an approved action for sending by this run.</summary>
    Task<bool> TryClaimApprovedAsync(string actionId, string runId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<LedgerAction?> FindActionAsync(string actionId, CancellationToken cancellationToken);

    Task SetHoldAsync(HoldRecord hold, CancellationToken cancellationToken);

    Task<bool> RemoveHoldAsync(string connection, string scope, string targetId, string kind, CancellationToken cancellationToken);

    Task<IReadOnlyList<HoldRecord>> GetHoldsAsync(string connection, CancellationToken cancellationToken);

    Task<ClaimResult> TryClaimAsync(ActionClaim claim, CancellationToken cancellationToken);

    Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkFailedAsync(string actionId, string error, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkUnsureAsync(string actionId, string detail, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the action's note to <paramref name="state"/>; with <paramref name="note"/>, stores its text, kind and
    /// title too (done before the send, so that a note interrupted by a crash can be written later as it was meant).
    /// </summary>
    Task SetNoteAsync(string actionId, NoteState state, NoteRequest? note, CancellationToken cancellationToken);

    /// <summary>Claims left unconfirmed by an earlier run (a crash between claim and confirm).</summary>
    Task<IReadOnlyList<LedgerAction>> GetDanglingClaimsAsync(string connection, string currentRunId, CancellationToken cancellationToken);

    /// <summary>
    /// Actions whose note is still to be written back: sent reminders, open or done tasks, approvals and rejections —
    /// never a claim, an unsure or a failed send, whose note would claim what is not known.
    /// </summary>
    Task<IReadOnlyList<LedgerAction>> GetPendingNotesAsync(string connection, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerAction>> GetActionsAsync(string connection, string? invoiceId, CancellationToken cancellationToken);

    Task<string?> GetValueAsync(string key, CancellationToken cancellationToken);

    Task SetValueAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Stores the value only if the key is new; true when this call stored it (one winner across hosts).</summary>
    Task<bool> TryAddValueAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Every value whose key starts with <paramref name="prefix"/> (a small outbox kept beside the others).</summary>
    Task<IReadOnlyDictionary<string, string>> GetValuesAsync(string prefix, CancellationToken cancellationToken);

    Task RemoveValueAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Holds a named lock shared by every host using this ledger (a PostgreSQL advisory lock; a lock file beside the
    /// SQLite database). Dispose to release.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken);
}
