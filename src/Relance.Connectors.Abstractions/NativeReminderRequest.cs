namespace Relance.Connectors;

/// <summary>A reminder to send through the platform's own e-mail feature.</summary>
/// <param name="ActionId">The ledger's action id (idempotency key where the platform accepts one).</param>
/// <param name="Recipients">Explicit recipients; empty lets the platform use the customer's configured e-mails.</param>
public sealed record NativeReminderRequest(
    string ActionId,
    string InvoiceId,
    IReadOnlyList<string> Recipients,
    string Subject,
    string Body);
