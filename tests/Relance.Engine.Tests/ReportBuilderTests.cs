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
        var report = ReportBuilder.Build(Invoices(), Actions(), AsOf, Paris);

        // EUR: open 1000 + 500 + 3000 + 800 = 5300; overdue 1000 + 500 + 800 = 2300 → 43.4 %;
        // invoiced after 1 April: 1000 + 3000 + 100 = 4100 → DSO 5300 / 4100 × 90 = 116.3 days.
        var eur = Assert.Single(report.Currencies, c => c.Currency == "EUR");
        Assert.Equal((5300m, 2300m, 4100m, 116.3m, 43.4m), (eur.Open, eur.Overdue, eur.InvoicedLast90Days, eur.DsoDays, eur.UnpaidRatePercent));
        var usd = Assert.Single(report.Currencies, c => c.Currency == "USD");
        Assert.Equal((500m, 0m, 90.0m, 0.0m), (usd.Open, usd.Overdue, usd.DsoDays, usd.UnpaidRatePercent));

        Assert.Equal(
            ["EUR not due 1 3000", "EUR 1-30 1 1000", "EUR 31-60 1 800", "EUR >90 1 500", "USD not due 1 500"],
            report.Aging.Select(b => $"{b.Currency} {b.Bucket} {b.Count} {b.Amount:0}"));
        Assert.Equal(["Alpha 1500 2", "Beta 800 1"], report.TopLatePayers.Select(p => $"{p.Customer} {p.Overdue:0} {p.OverdueInvoices}"));
        var chronic = Assert.Single(report.ChronicLatePayers);
        Assert.Equal(("Gamma", 3, 5), (chronic.Customer, chronic.LateInvoices, chronic.OfLast));
        Assert.Equal(["firm 2 1 50.0", "friendly 4 2 50.0"], report.Steps.Select(s => $"{s.Step} {s.Reminded} {s.PaidSince} {s.PaidSharePercent:0.0}"));
    }

    private static List<InvoiceHistory> Invoices() =>
    [
        Open("A1", "C1", "Alpha", "2026-05-01", "2026-05-31", 1000m, 1000m),
        Open("A2", "C1", "Alpha", "2026-03-01", "2026-03-31", 2000m, 500m),
        Open("B1", "C2", "Beta", "2026-06-15", "2026-07-15", 3000m, 3000m),
        Open("B2", "C2", "Beta", "2026-04-01", "2026-05-01", 800m, 800m),
        Open("U1", "C2", "Beta", "2026-06-01", "2026-07-01", 500m, 500m, "USD"),
        Paid("G1", "2026-01-31", "2026-02-10"),
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

    private static InvoiceHistory Paid(string id, string due, string closed)
    {
        var dueDate = DateOnly.Parse(due);
        return new(
            new StoredInvoice(
                new Invoice(id, id, "C3", dueDate.AddDays(-30), dueDate, new Money(100m, "EUR"), new Money(0m, "EUR"), InvoiceStatus.Paid),
                new Customer("C3", "Gamma", [])),
            false,
            new DateTimeOffset(DateOnly.Parse(closed).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(2)));
    }

    private static LedgerAction Sent(string invoice, string step) =>
        new(Guid.NewGuid().ToString("N"), "acme", invoice, "C", step, "email", ActionState.Sent, "r", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "x@y.z", "smtp", NoteState.None, null);
}
