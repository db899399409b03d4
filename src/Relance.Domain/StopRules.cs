using Relance.Connectors;

namespace Relance.Domain;

/// <summary>Reasons never to chase an invoice, checked on the freshest state available.</summary>
public static class StopRules
{
    /// <summary>Returns why the invoice must not be chased, or null when it may be.</summary>
    public static string? Check(Invoice invoice, DunningPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(policy);

        return invoice.Status switch
        {
            InvoiceStatus.Paid => "paid",
            InvoiceStatus.Cancelled => "cancelled",
            InvoiceStatus.CreditNote => "credit note",
            InvoiceStatus.Draft => "draft",
            _ when !invoice.AmountDue.IsPositive => "nothing left to pay",
            _ when invoice.AmountDue.Amount < policy.MinimumAmountDue =>
                $"amount due {invoice.AmountDue} below the policy minimum {policy.MinimumAmountDue}",
            _ when invoice.DueDate is null => "no due date",
            _ => null,
        };
    }
}
