using Relance.Connectors;
using Relance.Engine.Reporting;
using Relance.Ledger;

namespace Relance.Engine.Tests;

public sealed class ReportBuilderTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Fact]
    public void Report_figures_equal_the_hand_computed_expectation()
    {
        var report = ReportBuilder.Build(Invoices(), Actions(), AsOf, Paris, stepOrder: ["courtesy", "friendly", "firm"]);

        // EUR: open 1000 + 500 + 3000 + 800 = 5300; overdue 1000 + 500 + 800 = 2300 → 43.4 %; invoiced over the
        // 90 days to 30 June: 1000 + 3000 + 100 (G5) = 4100.
        // Countback: June invoiced 3000 (30 days, 2300 left), May 1000 + 100 (31 days, 1200 left), April 800
        // (30 days, 400 left), March 2000 + 100 + 100 = 2200 absorbs the 400: 91 + 400 / 2200 × 31 = 96.6 days.
        var eur = Assert.Single(report.Currencies, c => c.Currency == "EUR");
        Assert.Equal((5300m, 2300m, 4100m, 96.6m, 43.4m, false), (eur.Open, eur.Overdue, eur.InvoicedLast90Days, eur.DsoDays, eur.UnpaidRatePercent, eur.DsoAtLeast));
        var usd = Assert.Single(report.Currencies, c => c.Currency == "USD");

        // USD: 500 open, 500 invoiced in June: 500 / 500 × 30 days.
        Assert.Equal((500m, 0m, 30.0m, 0.0m), (usd.Open, usd.Overdue, usd.DsoDays, usd.UnpaidRatePercent));

        Assert.Equal(
            ["EUR not due 1 3000", "EUR 1-30 1 1000", "EUR 31-60 1 800", "EUR >90 1 500", "USD not due 1 500"],
            report.Aging.Select(b => $"{b.Currency} {b.Bucket} {b.Count} {b.Amount:0}"));
        Assert.Equal(["Alpha 1500 2", "Beta 800 1"], report.TopLatePayers.Select(p => $"{p.Customer} {p.Overdue:0} {p.OverdueInvoices}"));
        var chronic = Assert.Single(report.ChronicLatePayers);
        Assert.Equal(("Gamma", 3, 5), (chronic.Customer, chronic.LateInvoices, chronic.OfLast));
        Assert.Equal(["friendly 4 2 50.0", "firm 2 1 50.0"], report.Steps.Select(s => $"{s.Step} {s.Reminded} {s.PaidSince} {s.PaidSharePercent:0.0}"));

        // Gamma paid G1 3 days late by the platform's date (Relance saw it on 10 February), G3 5, G4 15, the others
        // on time: (3 + 0 + 5 + 15 + 0) / 5 = 4.6 days on average, 3 of 5 late.
        var gamma = Assert.Single(report.SlowestPayers);
        Assert.Equal(("Gamma", 5, 4.6m, 3), (gamma.Customer, gamma.PaidInvoices, gamma.AverageDaysLate, gamma.PaidLate));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(900, 30 + 600.0 / 1000 * 31, false)]
    [InlineData(100_000, 395, true)]
    public void Countback_dso_absorbs_whole_months_then_a_share_of_the_next(decimal open, double expected, bool atLeast)
    {
        // 300 invoiced in June (to the 30th), 1 000 in every month before.
        static decimal Invoiced(DateOnly from, DateOnly to) => from.Month == 6 && from.Year == 2026 ? 300m : 1000m;

        var (days, capped) = ReportBuilder.Countback(open, Invoiced, AsOf);

        Assert.Equal((Math.Round((decimal)expected, 1), atLeast), (days, capped));
    }

    private static List<InvoiceHistory> Invoices() =>
    [
        Open("A1", "C1", "Alpha", "2026-05-01", "2026-05-31", 1000m, 1000m),
        Open("A2", "C1", "Alpha", "2026-03-01", "2026-03-31", 2000m, 500m),
        Open("B1", "C2", "Beta", "2026-06-15", "2026-07-15", 3000m, 3000m),
        Open("B2", "C2", "Beta", "2026-04-01", "2026-05-01", 800m, 800m),
        Open("U1", "C2", "Beta", "2026-06-01", "2026-07-01", 500m, 500m, "USD"),
        Paid("G1", "2026-01-31", "2026-02-10", paidOn: "2026-02-03"),
        Paid("G2", "2026-02-28", "2026-02-27"),
        Paid("G3", "2026-03-31", "2026-04-05"),
        Paid("G4", "2026-04-30", "2026-05-15"),
        Paid("G5", "2026-05-31", "2026-05-30"),
    ];

    private static List<LedgerAction> Actions() =>
    [
        Sent("A1", "friendly"), Sent("A2", "friendly"), Sent("G3", "friendly"), Sent("G4", "friendly"),
        Sent("A2", "firm"), Sent("A2", "firm#2"), Sent("G3", "firm"),
        new("x", "acme", "B2", "C2", "friendly", "email", ActionState.Failed, "r", 1, DateTimeOffset.UnixEpoch, null, null, null, NoteState.None, null),
    ];

    private static InvoiceHistory Open(string id, string customerId, string customer, string issued, string due, decimal total, decimal amountDue, string currency = "EUR") => new(
        new StoredInvoice(
            new Invoice(id, id, customerId, DateOnly.Parse(issued), DateOnly.Parse(due), new Money(total, currency), new Money(amountDue, currency), amountDue < total ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Open),
            new Customer(customerId, customer, [])),
        true,
        null);

    private static InvoiceHistory Paid(string id, string due, string closed, string? paidOn = null)
    {
        var dueDate = DateOnly.Parse(due);
        return new(
            new StoredInvoice(
                new Invoice(id, id, "C3", dueDate.AddDays(-30), dueDate, new Money(100m, "EUR"), new Money(0m, "EUR"), InvoiceStatus.Paid, PaidOn: paidOn is null ? null : DateOnly.Parse(paidOn)),
                new Customer("C3", "Gamma", [])),
            false,
            new DateTimeOffset(DateOnly.Parse(closed).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(2)));
    }

    private static LedgerAction Sent(string invoice, string step) =>
        new(Guid.NewGuid().ToString("N"), "acme", invoice, "C", step, "email", ActionState.Sent, "r", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "x@y.z", "smtp", NoteState.None, null);
}
