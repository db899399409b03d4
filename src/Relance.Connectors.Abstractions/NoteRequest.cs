namespace Relance.Connectors;

/// <summary>A status note to write back into the platform.</summary>
/// <param name="ActionId">
/// The ledger's action id. Connectors whose note endpoint is not idempotent embed it in the note and look for it
/// before a retry, so one action never produces two notes.
/// </param>
/// <param name="IsRetry">True when an earlier attempt for the same action may have reached the platform.</param>
/// <param name="Subject">A short title (the reminder's subject for <see cref="NoteKind.ReminderSent"/>).</param>
public sealed record NoteRequest(
    string ActionId,
    string InvoiceId,
    string CustomerId,
    string Text,
    bool IsRetry = false,
    NoteKind Kind = NoteKind.ReminderSent,
    string? Subject = null);
