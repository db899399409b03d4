namespace Relance.Ledger;

/// <summary>A step occurrence the ledger holds for an invoice (any state but Failed).</summary>
public sealed record TakenStep(string InvoiceId, string CustomerId, string Step, ActionState State, DateTimeOffset ClaimedAt, string Channel);
