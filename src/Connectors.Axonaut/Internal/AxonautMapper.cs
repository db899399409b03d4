using Relance.Connectors.Http;
using System.Globalization;
using System.Text.Json;
using Relance.Connectors.Axonaut.Models;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>Maps Axonaut payloads to Relance's model. Throws <see cref="FormatException"/> naming the record and field.</summary>
internal static class AxonautMapper
{
    /// <summary>
    /// The invoice's payments cost a request of their own, made when they matter: <c>outstanding_amount</c> is null
    /// (what is due is then the total minus the payments), or, with <paramref name="dates"/>, part of the invoice is
    /// paid (interest runs on each day's balance, so the payments' dates are needed). Syncs ask for the first only;
    /// the re-read just before a reminder goes out asks for both, so a letter's interest is exact without a request
    /// per part-paid invoice at every sync.
    /// </summary>
    public static bool NeedsPayments(AxonautInvoice source, bool dates) =>
        source.Total is > 0m
        && source.PaidDate.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        && (source.OutstandingAmount is null || (dates && source.OutstandingAmount > 0m && source.OutstandingAmount < source.Total));

    /// <param name="payments">The invoice's payments, when they were read (see <see cref="NeedsPayments"/>).</param>
    public static Invoice ToInvoice(AxonautInvoice source, TimeZoneInfo zone, IReadOnlyList<AxonautPayment>? payments)
    {
        var paymentsTotal = payments?.Sum(p => p.Amount);
        var where = $"Axonaut invoice {source.Id}";
        var currency = string.IsNullOrWhiteSpace(source.Currency) ? "EUR" : source.Currency.Trim().ToUpperInvariant();
        var total = source.Total ?? throw new FormatException($"{where}: field total is missing.");
        var paidDate = AxonautDates.ReadDate(source.PaidDate, zone, where, "paid_date");
        var outstanding = total < 0m ? 0m : source.OutstandingAmount ?? Math.Max(0m, total - (paymentsTotal ?? 0m));

        // No status field: a credit note is a negative total, "paid" is a paid date or nothing outstanding.
        var status = total < 0m ? InvoiceStatus.CreditNote
            : paidDate is not null || outstanding <= 0m ? InvoiceStatus.Paid
            : outstanding < total ? InvoiceStatus.PartiallyPaid
            : InvoiceStatus.Open;
        if (source.Company is null && (status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid))
        {
            throw new FormatException($"{where}: field company is null, so nobody can be reminded.");
        }

        return new Invoice(
            Id: source.Id.ToString(CultureInfo.InvariantCulture),
            Number: string.IsNullOrWhiteSpace(source.Number) ? source.Id.ToString(CultureInfo.InvariantCulture) : source.Number,
            CustomerId: source.Company?.Id.ToString(CultureInfo.InvariantCulture) ?? "",
            IssueDate: AxonautDates.ReadDate(source.Date, zone, where, "date") ?? DateOnly.MinValue,
            DueDate: AxonautDates.ReadDate(source.DueDate, zone, where, "due_date"),
            Total: new Money(total, currency),
            AmountDue: new Money(status == InvoiceStatus.Paid ? 0m : outstanding, currency),
            Status: status,
            PaymentLink: Uri.TryCreate(source.CustomerPortalUrl, UriKind.Absolute, out var portal) ? portal : null,
            PdfLink: Uri.TryCreate(source.PublicPath, UriKind.Absolute, out var pdf) ? pdf : null,
            LastUpdated: AxonautDates.ReadMoment(source.LastUpdateDate, where, "last_update_date"),
            PaidOn: status == InvoiceStatus.Paid ? paidDate : null,
            Payments: payments?.Select(p => new InvoicePayment(
                AxonautDates.ReadDate(p.Date, zone, $"Axonaut payment {p.Id} of invoice {source.Id}", "date") ?? throw new FormatException($"Axonaut payment {p.Id} of invoice {source.Id}: field date is missing."),
                p.Amount)).ToList());
    }

    /// <summary>The billing contact's e-mail first, else the first contact that has one.</summary>
    public static Customer ToCustomer(AxonautCompany source)
    {
        var contacts = (source.Employees ?? []).Where(e => !string.IsNullOrWhiteSpace(e.Email)).ToList();
        var emails = contacts.Where(e => e.IsBillingContact == true).Concat(contacts.Where(e => e.IsBillingContact != true)).Take(1)
            .Select(e => e.Email!.Trim())
            .ToList();
        return new Customer(
            Id: source.Id.ToString(CultureInfo.InvariantCulture),
            Name: string.IsNullOrWhiteSpace(source.Name) ? $"Company {source.Id}" : source.Name,
            BillingEmails: emails,
            Language: string.IsNullOrWhiteSpace(source.Language) ? null : source.Language.Trim()[..Math.Min(2, source.Language.Trim().Length)].ToLowerInvariant(),
            Country: CountryNames.ToIso(source.AddressCountry),
            Kind: source.IsB2C switch { true => CustomerKind.Individual, false => CustomerKind.Company, null => CustomerKind.Unknown },
            Address: new[] { source.AddressStreet, source.AddressZipCode, source.AddressCity }.Any(p => !string.IsNullOrWhiteSpace(p))
                ? new PostalAddress([source.AddressStreet ?? ""], source.AddressZipCode, source.AddressCity, CountryNames.ToIso(source.AddressCountry) ?? source.AddressCountry)
                : null,
            RegistrationNumber: string.IsNullOrWhiteSpace(source.Siret) ? null : source.Siret.Trim(),
            ContactName: contacts.FirstOrDefault(e => e.IsBillingContact == true) is { } billing
                ? string.Join(' ', new[] { billing.Firstname, billing.Lastname }.Where(n => !string.IsNullOrWhiteSpace(n)))
                : null);
    }
}
