using System.Globalization;
using Relance.Connectors.Pennylane.Models;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>Maps Pennylane payloads to Relance's model. Throws <see cref="FormatException"/> naming the record and field.</summary>
internal static class PennylaneMapper
{
    public static Invoice ToInvoice(PennylaneInvoice source)
    {
        var where = $"Pennylane invoice {source.Id}";
        var currency = string.IsNullOrWhiteSpace(source.Currency) ? "EUR" : source.Currency.Trim().ToUpperInvariant();
        var total = ParseMoney(source.CurrencyAmount ?? source.Amount, where, "currency_amount") ?? 0m;

        // remaining_amount_with_tax is null on some finalised invoices: an unpaid one then owes its total.
        var remaining = ParseMoney(source.RemainingAmountWithTax, where, "remaining_amount_with_tax") ?? (source.Paid ? 0m : total);
        var status = ToStatus(source, total, remaining);
        if (source.Customer is null && (status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid))
        {
            throw new FormatException($"{where}: field customer is null, so nobody can be reminded.");
        }

        return new Invoice(
            Id: source.Id.ToString(CultureInfo.InvariantCulture),
            Number: string.IsNullOrWhiteSpace(source.InvoiceNumber) ? source.Id.ToString(CultureInfo.InvariantCulture) : source.InvoiceNumber,
            CustomerId: source.Customer?.Id.ToString(CultureInfo.InvariantCulture) ?? "",
            IssueDate: ParseDate(source.Date, where, "date") ?? DateOnly.MinValue,
            DueDate: ParseDate(source.Deadline, where, "deadline"),
            Total: new Money(total, currency),
            AmountDue: new Money(remaining, currency),
            Status: status,
            PaymentLink: null,
            PdfLink: Uri.TryCreate(source.PublicFileUrl, UriKind.Absolute, out var pdf) ? pdf : null,
            LastUpdated: source.UpdatedAt,
            Tags: null,
            Language: ToLanguage(source.Language));
    }

    public static Customer ToCustomer(PennylaneCustomer source)
    {
        var name = !string.IsNullOrWhiteSpace(source.Name)
            ? source.Name
            : string.Join(' ', new[] { source.FirstName, source.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new Customer(
            Id: source.Id.ToString(CultureInfo.InvariantCulture),
            Name: string.IsNullOrWhiteSpace(name) ? $"Customer {source.Id}" : name,
            BillingEmails: (source.Emails ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToList(),
            Language: ToLanguage(source.BillingLanguage),
            Country: source.BillingAddress?.CountryAlpha2?.ToUpperInvariant(),
            Kind: ToKind(source),
            Address: source.BillingAddress is { } a ? new PostalAddress([a.Address ?? ""], a.PostalCode, a.City, a.CountryAlpha2?.ToUpperInvariant()) : null,
            RegistrationNumber: string.IsNullOrWhiteSpace(source.RegNo) ? null : source.RegNo.Trim(),
            ContactName: string.IsNullOrWhiteSpace(source.Recipient) ? null : source.Recipient.Trim());
    }

    // customer_type is filterable but its presence in answers is unverified; an individual customer is documented to
    // carry first_name/last_name, which a company customer lacks.
    private static CustomerKind ToKind(PennylaneCustomer source) => source.CustomerType?.ToLowerInvariant() switch
    {
        "company" => CustomerKind.Company,
        "individual" => CustomerKind.Individual,
        _ when !string.IsNullOrWhiteSpace(source.FirstName) || !string.IsNullOrWhiteSpace(source.LastName) => CustomerKind.Individual,
        _ => CustomerKind.Unknown,
    };

    private static InvoiceStatus ToStatus(PennylaneInvoice source, decimal total, decimal remaining)
    {
        if (source.Draft || source.Status is "draft" or "incomplete")
        {
            return InvoiceStatus.Draft;
        }

        if (source.CreditNote == true || source.Status == "credit_note" || total < 0m)
        {
            return InvoiceStatus.CreditNote;
        }

        if (source.Status is "cancelled" or "archived")
        {
            return InvoiceStatus.Cancelled;
        }

        if (source.Paid || source.Status == "paid" || remaining <= 0m)
        {
            return InvoiceStatus.Paid;
        }

        // "partially_paid" is unverified; the amounts tell the same thing either way.
        return remaining < total ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Open;
    }

    private static decimal? ParseMoney(string? value, string where, string field)
    {
        if (value is null)
        {
            return null;
        }

        return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new FormatException($"{where}: field {field} '{value}' is not a decimal amount.");
    }

    private static DateOnly? ParseDate(string? value, string where, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? DateOnly.FromDateTime(moment.Date)
            : throw new FormatException($"{where}: field {field} '{value}' is not a date.");
    }

    private static string? ToLanguage(string? locale) =>
        string.IsNullOrWhiteSpace(locale) ? null : locale.Split('_', '-')[0].ToLowerInvariant();
}
