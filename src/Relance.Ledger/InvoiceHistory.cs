namespace Relance.Ledger;

/// <summary>An invoice as last seen, whether still open, and when it was seen closed (paid, cancelled...).</summary>
public sealed record InvoiceHistory(StoredInvoice Stored, bool IsOpen, DateTimeOffset? ClosedAt);
