using System.Text.RegularExpressions;
using MimeKit;
using Relance.Connectors;

namespace Relance.Engine.Sync;

/// <summary>
/// What a record from a platform must look like before Relance stores it or acts on it. Every value from a platform
/// is data, and a hostile or broken one is refused here with the field named — once, for every connector, so that
/// the schedule, the templates, the letter, the reports and the CLI never meet a date they cannot add days to, a
/// currency that is markup, or an invoice number that cuts a subject line.
/// </summary>
public static partial class RecordChecks
{
    private const int MaxIdLength = 100;
    private const int MaxNameLength = 300;

    // Far beyond any real invoice, far inside decimal's range: sums and interest can never overflow.
    private const decimal MaxAmount = 1_000_000_000_000m;

    private static readonly DateOnly EarliestDate = new(1990, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>Null when the invoice is fit to store and chase; otherwise "field: reason".</summary>
    public static string? Problem(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return Text("id", invoice.Id, MaxIdLength, required: true)
            ?? Text("number", invoice.Number, MaxIdLength, required: true)
            ?? Text("customer id", invoice.CustomerId, MaxIdLength, required: true)
            ?? Amount("total", invoice.Total)
            ?? Amount("amount due", invoice.AmountDue)
            ?? (invoice.Total.Currency != invoice.AmountDue.Currency ? $"amount due: in {invoice.AmountDue.Currency}, the total in {invoice.Total.Currency}" : null)
            ?? Date("issue date", invoice.IssueDate)
            ?? (invoice.DueDate is { } due ? Date("due date", due) : null)
            ?? invoice.BillingEmails?.Select(Email).FirstOrDefault(p => p is not null);
    }

    /// <summary>Null when the customer is fit to store and write to; otherwise "field: reason".</summary>
    public static string? Problem(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Text("id", customer.Id, MaxIdLength, required: true)
            ?? Text("name", customer.Name, MaxNameLength, required: false)
            ?? customer.BillingEmails.Select(Email).FirstOrDefault(p => p is not null);
    }

    private static string? Text(string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? $"{field}: empty" : null;
        }

        if (value.Length > maxLength)
        {
            return $"{field}: {value.Length} characters, more than {maxLength}";
        }

        return value.Any(char.IsControl) ? $"{field}: contains control characters (line breaks, escapes)" : null;
    }

    private static string? Amount(string field, Money money)
    {
        if (money.Currency is null || !CurrencyCode().IsMatch(money.Currency))
        {
            return $"{field}: currency '{Printable(money.Currency)}' is not a three-letter ISO 4217 code";
        }

        return Math.Abs(money.Amount) > MaxAmount ? $"{field}: {money.Amount} is out of range" : null;
    }

    private static string? Date(string field, DateOnly date) =>
        date < EarliestDate || date > LatestDate ? $"{field}: {date:yyyy-MM-dd} is outside {EarliestDate:yyyy}–{LatestDate:yyyy}" : null;

    private static string? Email(string address)
    {
        // One plain address per entry: no display name smuggling a second recipient, no header break.
        if (address.Length > 254 || address.Any(char.IsControl) || !MailboxAddress.TryParse(address, out var parsed) || parsed.Address != address.Trim())
        {
            return $"billing e-mail '{Printable(address)}': not a single valid address";
        }

        return null;
    }

    /// <summary>Platform text fit for a message or a log line: at most <paramref name="max"/> characters, control characters shown as '?'.</summary>
    internal static string Printable(string? value, int max = 40) =>
        value is null ? "" : new string([.. value.Take(max).Select(c => char.IsControl(c) ? '?' : c)]);

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();
}
