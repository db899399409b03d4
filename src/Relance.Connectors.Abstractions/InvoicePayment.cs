namespace Relance.Connectors;

/// <summary>
/// A payment received against an invoice, as the platform dates it. Late-payment interest runs on the balance of each
/// day, so a part paid late still earns interest until the day it was paid.
/// </summary>
/// <param name="Date">The day the platform says the payment was made.</param>
/// <param name="Amount">In the invoice's currency.</param>
/// <param name="Observed">
/// Dated by Relance, not by the platform: the day of the last sync that read the invoice at the higher balance (the
/// payment came after it), so interest is never claimed past a day the payment may already have been made.
/// </param>
public sealed record InvoicePayment(DateOnly Date, decimal Amount, bool Observed = false);
