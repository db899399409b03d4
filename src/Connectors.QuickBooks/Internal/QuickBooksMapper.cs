using System.Globalization;
using Relance.Connectors.Http;
using Relance.Connectors.QuickBooks.Models;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>QuickBooks entities to Relance's model. Bad fields raise <see cref="FormatException"/> naming the field.</summary>
internal static class QuickBooksMapper
{
    /// <summary>
    /// QuickBooks ids are decimal numbers: anything else cannot name a customer, and quoted into an <c>Id IN (…)</c>
    /// query it would make the whole customer read fail (a 200 000-character value answers 414).
    /// </summary>
    private static string CustomerId(string? value) => value switch
    {
        null or "" => throw new FormatException("CustomerRef is missing"),
        { Length: <= 20 } when value.All(char.IsAsciiDigit) => value,
        _ => throw new FormatException($"CustomerRef: '{PlatformText.OneLine(value[..Math.Min(value.Length, 30)])}' is not a QuickBooks id"),
    };

    public static Invoice ToInvoice(QbInvoice item, QuickBooksOptions options)
    {
        var currency = item.CurrencyRef?.Value ?? options.HomeCurrency
            ?? throw new FormatException("CurrencyRef is missing and Settings:HomeCurrency is not set");
        var total = item.TotalAmt ?? throw new FormatException("TotalAmt is missing");
        var balance = item.Balance ?? throw new FormatException("Balance is missing");
        var status = balance <= 0m
            ? (total == 0m ? InvoiceStatus.Cancelled : InvoiceStatus.Paid)
            : balance < total ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Open;
        var id = item.Id is { Length: > 0 } value ? value : throw new FormatException("Id is missing");
        return new Invoice(
            id,
            string.IsNullOrWhiteSpace(item.DocNumber) ? id : item.DocNumber,
            CustomerId(item.CustomerRef?.Value),
            Date(item.TxnDate, "TxnDate") ?? throw new FormatException("TxnDate is missing"),
            Date(item.DueDate, "DueDate"),
            new Money(total, currency),
            new Money(Math.Max(balance, 0m), currency),
            status,
            PaymentLink: Uri.TryCreate(item.InvoiceLink, UriKind.Absolute, out var link) ? link : null,
            LastUpdated: Timestamp(item.MetaData?.LastUpdatedTime, "MetaData.LastUpdatedTime"),
            BillingEmails: item.BillEmail?.Address?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } billTo ? billTo : null);
    }

    /// <param name="billEmail">The BillEmail of one of its open invoices, used when the customer has no e-mail of its own.</param>
    public static Customer ToCustomer(QbCustomer item, QuickBooksOptions options, string? billEmail = null)
    {
        var emails = (item.PrimaryEmailAddr?.Address is { Length: > 0 } primary ? primary : billEmail ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        var country = CountryNames.ToIso(item.BillAddr?.Country);
        var address = item.BillAddr is { } a && new[] { a.Line1, a.City, a.PostalCode }.Any(p => !string.IsNullOrWhiteSpace(p))
            ? new PostalAddress([.. new[] { a.Line1, a.Line2, a.Line3 }.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!)], a.PostalCode, a.City, country ?? a.Country)
            : null;
        return new Customer(
            item.Id,
            item.DisplayName ?? item.CompanyName ?? item.Id,
            emails,
            country == "FR" ? "fr" : options.Language,
            country,
            Kind: Kind(item),
            Address: address,
            ContactName: string.Join(' ', new[] { item.GivenName, item.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } contact ? contact : null);
    }

    // QuickBooks has no customer-type field: a CompanyName makes a business; a person's name without one, a private
    // customer; neither, unknown (the connection's Law:BusinessToBusiness decides).
    private static CustomerKind Kind(QbCustomer item) =>
        !string.IsNullOrWhiteSpace(item.CompanyName) ? CustomerKind.Company
        : !string.IsNullOrWhiteSpace(item.GivenName) || !string.IsNullOrWhiteSpace(item.FamilyName) ? CustomerKind.Individual
        : CustomerKind.Unknown;

    public static DateOnly? Date(string? text, string field) =>
        string.IsNullOrEmpty(text)
            ? null
            : DateOnly.TryParseExact(text.Length > 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new FormatException($"{field} '{text}' is not a yyyy-MM-dd date");

    public static DateTimeOffset? Timestamp(string? text, string field) =>
        string.IsNullOrEmpty(text)
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new FormatException($"{field} '{text}' is not a date-time");

    /// <summary>Quotes a value for the query language: backslash escapes quote and backslash.</summary>
    public static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
