namespace Relance.Connectors;

/// <summary>A customer invoice as Relance sees it, mapped from any platform.</summary>
/// <param name="Id">The platform's own identifier (used in every call back to the platform).</param>
/// <param name="Number">The number printed on the invoice.</param>
/// <param name="CustomerId">The platform identifier of the customer.</param>
/// <param name="Total">Total including tax.</param>
/// <param name="AmountDue">What is still owed, including tax.</param>
/// <param name="LastUpdated">The platform's last modification time, when it tells.</param>
/// <param name="Tags">Labels/tags from the platform (e.g. a "disputed" label), lower-cased.</param>
/// <param name="PlatformRemindersActive">The platform runs its own reminder sequence for this invoice (risk of double-chasing).</param>
/// <param name="Payments">Payments received with their dates, when the platform gives them (null when it does not: interest is then computed on today's balance only, which never claims too much).</param>
/// <param name="PaidOn">The day it was paid in full, when the platform tells (days-late figures; null otherwise).</param>
/// <param name="BillingEmails">The invoice's own billing address(es) (QuickBooks <c>BillEmail</c>): when set, reminders about it go there rather than to the customer's addresses.</param>
public sealed record Invoice(
    string Id,
    string Number,
    string CustomerId,
    DateOnly IssueDate,
    DateOnly? DueDate,
    Money Total,
    Money AmountDue,
    InvoiceStatus Status,
    Uri? PaymentLink = null,
    Uri? PdfLink = null,
    DateTimeOffset? LastUpdated = null,
    IReadOnlyList<string>? Tags = null,
    string? Language = null,
    bool PlatformRemindersActive = false,
    IReadOnlyList<string>? BillingEmails = null,
    IReadOnlyList<InvoicePayment>? Payments = null,
    DateOnly? PaidOn = null)
{
    public string Currency => Total.Currency;

    /// <summary>True when the invoice can still be chased: finalised, not cancelled, money still owed.</summary>
    public bool IsOpen => (Status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid) && AmountDue.IsPositive;
}
