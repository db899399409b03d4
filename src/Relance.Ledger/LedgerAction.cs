using Relance.Connectors;

namespace Relance.Ledger;

/// <summary>One reminder action as the ledger remembers it, with the note to write back (text, kind, title).</summary>
public sealed record LedgerAction(
    string Id,
    string Connection,
    string InvoiceId,
    string CustomerId,
    string Step,
    string Channel,
    ActionState State,
    string RunId,
    int Attempts,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? CompletedAt,
    string? Recipients,
    string? Detail,
    NoteState NoteState,
    string? NoteText,
    NoteKind NoteKind = NoteKind.ReminderSent,
    string? NoteSubject = null);
