namespace Relance.Ledger;

/// <summary>A hold set by an admin (pause, promise to pay...) on an invoice or a whole customer.</summary>
/// <param name="Scope">"invoice" or "customer".</param>
/// <param name="Kind">The domain's hold kind name (Paused, PromiseToPay, PaymentPlan...).</param>
/// <param name="Until">Last day of the hold (inclusive), or null until removed.</param>
/// <param name="Schedule">Kind-specific data as JSON (a payment plan's instalments).</param>
public sealed record HoldRecord(string Connection, string Scope, string TargetId, string Kind, DateOnly? Until, string Reason, DateTimeOffset CreatedAt, string? Schedule = null);
