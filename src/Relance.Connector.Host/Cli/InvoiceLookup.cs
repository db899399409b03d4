using Relance.Ledger;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// An invoice or a customer as an admin names them: the platform's id, or for an invoice the number printed on it
/// (what everyone in the finance team knows). Never a guess: a number that two invoices share finds nothing.
/// </summary>
internal static class InvoiceLookup
{
    public static async Task<StoredInvoice?> FindInvoiceAsync(IDunningLedger ledger, string connection, string text, CancellationToken cancellationToken)
    {
        if (await ledger.GetInvoiceAsync(connection, text, cancellationToken) is { } byId)
        {
            return byId;
        }

        var byNumber = (await ledger.GetInvoiceHistoryAsync(connection, cancellationToken))
            .Where(h => string.Equals(h.Stored.Invoice.Number, text.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        return byNumber.Count == 1 ? byNumber[0].Stored : null;
    }

    public static async Task<bool> KnowsCustomerAsync(IDunningLedger ledger, string connection, string customerId, CancellationToken cancellationToken) =>
        (await ledger.GetInvoiceHistoryAsync(connection, cancellationToken)).Any(h => h.Stored.Invoice.CustomerId == customerId);

    public static string UnknownInvoice(string text, string connection) =>
        $"Invoice '{text}' is not in the ledger of '{connection}': give the platform's invoice id or the invoice number (e.g. F-2026-001), or run `relance sync` if it is new.";
}
