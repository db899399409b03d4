namespace Relance.Delivery;

/// <summary>
/// What a template can use. Scriban sees the members in snake_case (<c>customer_name</c>, <c>amount_due</c>…);
/// amounts and dates arrive already formatted for the customer's language.
/// </summary>
public sealed record ReminderModel(
    string CustomerName,
    string InvoiceNumber,
    string AmountDue,
    string Total,
    string DueDate,
    int DaysLate,
    string? PaymentLink,
    string SenderName,
    string SenderEmail);
