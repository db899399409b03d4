namespace Relance.Ledger;

/// <summary>A request to own the unique (connection, invoice, step) action before sending anything.</summary>
public sealed record ActionClaim(
    string Connection,
    string InvoiceId,
    string CustomerId,
    string Step,
    string Channel,
    string RunId,
    DateTimeOffset At);
