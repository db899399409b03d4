using Relance.Connectors;

namespace Relance.Ledger;

/// <summary>The last known state of an open invoice with its customer, as read from the ledger.</summary>
public sealed record StoredInvoice(Invoice Invoice, Customer? Customer);
