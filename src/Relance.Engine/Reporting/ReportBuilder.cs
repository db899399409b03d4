using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Reporting;

/// <summary>Computes <see cref="ReceivablesReport"/> from the ledger's history. Pure: the caller gives the data and the day.</summary>
public static class ReportBuilder
{
    private const int CountbackMonths = 13;

    /// <param name="stepOrder">The policy's steps in escalation order, for listing step effects in it.</param>
    public static ReceivablesReport Build(IReadOnlyList<InvoiceHistory> invoices, IReadOnlyList<LedgerAction> actions, DateOnly asOf, TimeZoneInfo zone, int chronicLate = 3, int chronicOfLast = 5, int top = 5, IReadOnlyList<string>? stepOrder = null)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(actions);
        var open = invoices.Where(h => h.IsOpen && h.Stored.Invoice.IsOpen).Select(h => h.Stored).ToList();

        var currencies = invoices.Select(h => h.Stored.Invoice.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(currency =>
        {
            var openAmount = open.Where(s => s.Invoice.Currency == currency).Sum(s => s.Invoice.AmountDue.Amount);
            var overdue = open.Where(s => s.Invoice.Currency == currency && DaysLate(s.Invoice, asOf) > 0).Sum(s => s.Invoice.AmountDue.Amount);
            var sales = invoices.Select(h => h.Stored.Invoice)
                .Where(i => i.Currency == currency && i.Status is not (InvoiceStatus.CreditNote or InvoiceStatus.Cancelled or InvoiceStatus.Draft) && i.IssueDate <= asOf)
                .ToList();
            decimal InvoicedBetween(DateOnly from, DateOnly to) => sales.Where(i => i.IssueDate >= from && i.IssueDate <= to).Sum(i => i.Total.Amount);
            var (dso, atLeast) = Countback(openAmount, InvoicedBetween, asOf);
            return new CurrencyFigures(
                currency,
                openAmount,
                overdue,
                InvoicedBetween(asOf.AddDays(-89), asOf),
                dso,
                openAmount > 0 ? Math.Round(overdue / openAmount * 100m, 1) : null,
                atLeast);
        }).ToList();

        var aging = open
            .GroupBy(s => (Bucket: Bucket(DaysLate(s.Invoice, asOf)), s.Invoice.Currency))
            .Select(g => new AgingBucket(g.Key.Bucket, g.Key.Currency, g.Count(), g.Sum(s => s.Invoice.AmountDue.Amount)))
            .OrderBy(b => b.Currency, StringComparer.Ordinal).ThenBy(b => BucketOrder(b.Bucket))
            .ToList();

        var latePayers = open.Where(s => DaysLate(s.Invoice, asOf) > 0)
            .GroupBy(s => (s.Invoice.CustomerId, s.Invoice.Currency))
            .Select(g => new LatePayer(g.Key.CustomerId, g.First().Customer?.Name ?? g.Key.CustomerId, g.Key.Currency, g.Sum(s => s.Invoice.AmountDue.Amount), g.Count()))
            .OrderByDescending(p => p.Overdue).ThenBy(p => p.Customer, StringComparer.Ordinal)
            .Take(top)
            .ToList();

        // Late = seen closed after its due date, or still open past it. Only invoices already due count.
        var chronic = invoices.Where(h => h.Stored.Invoice.DueDate is { } due && due < asOf && h.Stored.Invoice.Status != InvoiceStatus.CreditNote)
            .GroupBy(h => h.Stored.Invoice.CustomerId)
            .Select(g =>
            {
                var last = g.OrderByDescending(h => h.Stored.Invoice.DueDate).Take(chronicOfLast).ToList();
                var late = last.Count(h => IsLate(h, asOf, zone));
                return (Customer: g.First().Stored, Late: late, Of: last.Count);
            })
            .Where(c => c.Late >= chronicLate)
            .Select(c => new ChronicLatePayer(c.Customer.Invoice.CustomerId, c.Customer.Customer?.Name ?? c.Customer.Invoice.CustomerId, c.Late, c.Of))
            .OrderByDescending(c => c.LateInvoices).ThenBy(c => c.Customer, StringComparer.Ordinal)
            .ToList();

        var byId = invoices.ToDictionary(h => h.Stored.Invoice.Id, StringComparer.Ordinal);
        var steps = actions.Where(a => a.State is ActionState.Sent or ActionState.Unsure)
            .GroupBy(a => a.Step.Split('#')[0], StringComparer.Ordinal)
            .Select(g =>
            {
                var reminded = g.Select(a => a.InvoiceId).Distinct(StringComparer.Ordinal).ToList();
                var paid = reminded.Count(id => byId.TryGetValue(id, out var h) && !h.IsOpen && h.Stored.Invoice.Status == InvoiceStatus.Paid);
                return new StepEffect(g.Key, reminded.Count, paid, reminded.Count == 0 ? 0m : Math.Round(paid * 100m / reminded.Count, 1));
            })
            .OrderBy(s => stepOrder?.ToList().IndexOf(s.Step) is >= 0 and var index ? index : int.MaxValue)
            .ThenBy(s => s.Step, StringComparer.Ordinal)
            .ToList();

        var slowest = invoices
            .Where(h => !h.IsOpen && h.Stored.Invoice is { Status: InvoiceStatus.Paid, DueDate: not null })
            .Select(h => (h.Stored, Paid: PaidOn(h, zone)))
            .Where(p => p.Paid is not null)
            .GroupBy(p => p.Stored.Invoice.CustomerId, StringComparer.Ordinal)
            .Select(g =>
            {
                var delays = g.Select(p => Math.Max(0, p.Paid!.Value.DayNumber - p.Stored.Invoice.DueDate!.Value.DayNumber)).ToList();
                return new PayerDelay(g.Key, g.First().Stored.Customer?.Name ?? g.Key, delays.Count, Math.Round((decimal)delays.Average(), 1), delays.Count(d => d > 0));
            })
            .Where(p => p.AverageDaysLate > 0)
            .OrderByDescending(p => p.AverageDaysLate).ThenBy(p => p.Customer, StringComparer.Ordinal)
            .Take(top)
            .ToList();

        return new ReceivablesReport(asOf, currencies, aging, latePayers, chronic, steps, slowest);
    }

    /// <summary>
    /// Countback DSO: back from <paramref name="asOf"/>, month by month (the current one from its first day), the
    /// open amount absorbs each month's invoicing; the days of the months absorbed whole, plus the share of the last.
    /// </summary>
    internal static (decimal? Days, bool AtLeast) Countback(decimal open, Func<DateOnly, DateOnly, decimal> invoicedBetween, DateOnly asOf)
    {
        if (open <= 0m)
        {
            return (0m, false);
        }

        var (remaining, days) = (open, 0m);
        var (from, to) = (new DateOnly(asOf.Year, asOf.Month, 1), asOf);
        for (var month = 0; month < CountbackMonths; month++)
        {
            var length = to.DayNumber - from.DayNumber + 1;
            var invoiced = invoicedBetween(from, to);
            if (invoiced >= remaining)
            {
                return (Math.Round(days + (remaining / invoiced * length), 1), false);
            }

            (remaining, days) = (remaining - invoiced, days + length);
            to = from.AddDays(-1);
            from = new DateOnly(to.Year, to.Month, 1);
        }

        return (days, true);
    }

    // The platform's payment date, else the day Relance saw the invoice closed (no earlier than the payment).
    private static DateOnly? PaidOn(InvoiceHistory history, TimeZoneInfo zone) =>
        history.Stored.Invoice.PaidOn
        ?? (history.ClosedAt is { } closed ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(closed, zone).DateTime) : null);

    private static bool IsLate(InvoiceHistory history, DateOnly asOf, TimeZoneInfo zone)
    {
        var due = history.Stored.Invoice.DueDate!.Value;
        if (history.IsOpen)
        {
            return due < asOf;
        }

        return PaidOn(history, zone) is { } paid && paid > due;
    }

    private static int DaysLate(Invoice invoice, DateOnly asOf) => invoice.DueDate is { } due ? asOf.DayNumber - due.DayNumber : 0;

    private static string Bucket(int daysLate) => daysLate switch
    {
        <= 0 => "not due",
        <= 30 => "1-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        _ => ">90",
    };

    private static int BucketOrder(string bucket) => bucket switch { "not due" => 0, "1-30" => 1, "31-60" => 2, "61-90" => 3, _ => 4 };
}
