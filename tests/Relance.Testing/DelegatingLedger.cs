using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Testing;

/// <summary>Forwards every call; tests override one method to inject a crash at a precise point.</summary>
public abstract class DelegatingLedger(IDunningLedger inner) : IDunningLedger
{
    public virtual Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public virtual Task<SyncCursor?> GetCursorAsync(string connection, CancellationToken cancellationToken) => inner.GetCursorAsync(connection, cancellationToken);

    public virtual Task StoreAsync(string connection, IReadOnlyList<SyncMessage> records, string? snapshotId, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.StoreAsync(connection, records, snapshotId, at, cancellationToken);

    public virtual Task<int> CommitCheckpointAsync(string connection, SyncCursor cursor, string? completedSnapshotId, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.CommitCheckpointAsync(connection, cursor, completedSnapshotId, at, cancellationToken);

    public virtual Task<IReadOnlyList<StoredInvoice>> GetOpenInvoicesAsync(string connection, CancellationToken cancellationToken) => inner.GetOpenInvoicesAsync(connection, cancellationToken);

    public virtual Task<IReadOnlyList<InvoiceHistory>> GetInvoiceHistoryAsync(string connection, CancellationToken cancellationToken) => inner.GetInvoiceHistoryAsync(connection, cancellationToken);

    public virtual Task<StoredInvoice?> GetInvoiceAsync(string connection, string invoiceId, CancellationToken cancellationToken) => inner.GetInvoiceAsync(connection, invoiceId, cancellationToken);

    public virtual Task<IReadOnlyList<TakenStep>> GetTakenStepsAsync(string connection, CancellationToken cancellationToken) => inner.GetTakenStepsAsync(connection, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, DateTimeOffset>> GetPartialPaymentsAsync(string connection, CancellationToken cancellationToken) => inner.GetPartialPaymentsAsync(connection, cancellationToken);

    public virtual Task<ClaimResult> TryRecordAsync(ActionClaim claim, ActionState state, string detail, CancellationToken cancellationToken) => inner.TryRecordAsync(claim, state, detail, cancellationToken);

    public virtual Task<bool> TransitionAsync(string actionId, ActionState from, ActionState to, string detail, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.TransitionAsync(actionId, from, to, detail, at, cancellationToken);

    public virtual Task<bool> TryClaimApprovedAsync(string actionId, string runId, DateTimeOffset at, CancellationToken cancellationToken) => inner.TryClaimApprovedAsync(actionId, runId, at, cancellationToken);

    public virtual Task<LedgerAction?> FindActionAsync(string actionId, CancellationToken cancellationToken) => inner.FindActionAsync(actionId, cancellationToken);

    public virtual Task SetHoldAsync(HoldRecord hold, CancellationToken cancellationToken) => inner.SetHoldAsync(hold, cancellationToken);

    public virtual Task<bool> RemoveHoldAsync(string connection, string scope, string targetId, string kind, CancellationToken cancellationToken) => inner.RemoveHoldAsync(connection, scope, targetId, kind, cancellationToken);

    public virtual Task<IReadOnlyList<HoldRecord>> GetHoldsAsync(string connection, CancellationToken cancellationToken) => inner.GetHoldsAsync(connection, cancellationToken);

    public virtual Task<ClaimResult> TryClaimAsync(ActionClaim claim, CancellationToken cancellationToken) => inner.TryClaimAsync(claim, cancellationToken);

    public virtual Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.MarkSentAsync(actionId, recipients, detail, noteState, at, cancellationToken);

    public virtual Task MarkFailedAsync(string actionId, string error, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkFailedAsync(actionId, error, at, cancellationToken);

    public virtual Task MarkUnsureAsync(string actionId, string detail, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkUnsureAsync(actionId, detail, at, cancellationToken);

    public virtual Task SetNoteAsync(string actionId, NoteState state, NoteRequest? note, CancellationToken cancellationToken) => inner.SetNoteAsync(actionId, state, note, cancellationToken);

    public virtual Task<IReadOnlyList<LedgerAction>> GetDanglingClaimsAsync(string connection, string currentRunId, CancellationToken cancellationToken) =>
        inner.GetDanglingClaimsAsync(connection, currentRunId, cancellationToken);

    public virtual Task<IReadOnlyList<LedgerAction>> GetPendingNotesAsync(string connection, CancellationToken cancellationToken) => inner.GetPendingNotesAsync(connection, cancellationToken);

    public virtual Task<IReadOnlyList<LedgerAction>> GetActionsAsync(string connection, string? invoiceId, CancellationToken cancellationToken) =>
        inner.GetActionsAsync(connection, invoiceId, cancellationToken);

    public virtual Task<string?> GetValueAsync(string key, CancellationToken cancellationToken) => inner.GetValueAsync(key, cancellationToken);

    public virtual Task SetValueAsync(string key, string value, CancellationToken cancellationToken) => inner.SetValueAsync(key, value, cancellationToken);

    public virtual Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken) => inner.LockAsync(name, cancellationToken);

    public virtual Task<bool> TryAddValueAsync(string key, string value, CancellationToken cancellationToken) => inner.TryAddValueAsync(key, value, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, string>> GetValuesAsync(string prefix, CancellationToken cancellationToken) => inner.GetValuesAsync(prefix, cancellationToken);

    public virtual Task RemoveValueAsync(string key, CancellationToken cancellationToken) => inner.RemoveValueAsync(key, cancellationToken);
}
