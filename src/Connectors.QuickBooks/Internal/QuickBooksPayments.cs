using System.Globalization;
using Relance.Connectors.QuickBooks.Models;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// Dates an invoice's part-payments from the Payment entities its <c>LinkedTxn</c> names: interest runs on each day's
/// balance, so a part paid late earns interest until the day it was paid.
/// </summary>
internal static class QuickBooksPayments
{
    /// <summary>The ids of the payments an invoice links to.</summary>
    public static string[] LinkedPaymentIds(QbInvoice invoice) =>
        invoice.LinkedTxn?.Where(t => t.TxnType == "Payment" && t.TxnId is { Length: > 0 }).Select(t => t.TxnId!).Distinct(StringComparer.Ordinal).ToArray() ?? [];

    /// <summary>
    /// The invoice's dated payments, or null when they cannot all be placed: a payment missing or undated, or amounts
    /// that do not add up to what was paid (a credit memo, a write-off). Interest then runs on today's balance only,
    /// which can claim too little, never too much.
    /// </summary>
    public static IReadOnlyList<InvoicePayment>? Dated(Invoice invoice, IReadOnlyList<string> paymentIds, IReadOnlyDictionary<string, QbPayment> payments)
    {
        var dated = new List<InvoicePayment>();
        foreach (var id in paymentIds)
        {
            if (!payments.TryGetValue(id, out var payment)
                || !DateOnly.TryParseExact(payment.TxnDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return null;
            }

            var amount = (payment.Line ?? [])
                .Where(l => l.LinkedTxn?.Any(t => t.TxnType == "Invoice" && t.TxnId == invoice.Id) == true)
                .Sum(l => l.Amount ?? 0m);
            if (amount > 0m)
            {
                dated.Add(new InvoicePayment(date, amount));
            }
        }

        return dated.Sum(p => p.Amount) == invoice.Total.Amount - invoice.AmountDue.Amount ? dated : null;
    }
}
