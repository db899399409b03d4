namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylaneInvoice(
    long Id,
    string? InvoiceNumber,
    string? Currency,
    string? CurrencyAmount,
    string? Amount,
    string? Date,
    string? Deadline,
    string? Language,
    bool Paid,
    string? Status,
    string? RemainingAmountWithTax,
    bool Draft,
    bool? CreditNote,
    PennylaneRef? Customer,
    string? PublicFileUrl,
    DateTimeOffset? UpdatedAt);

internal sealed record PennylaneRef(long Id, string? Url);
