using System.Globalization;
using Relance.Connectors;
using Relance.Simulators.Pennylane;

namespace Relance.Connectors.Pennylane.Tests;

/// <summary>Refusals and expiries a real Pennylane answers: the sync reads another way and finishes.</summary>
public sealed class PennylaneDegradedReadTests
{
    [Fact]
    public async Task A_changelog_window_the_server_refuses_becomes_a_full_read_not_a_failed_sync()
    {
        // The server keeps a week of changes where the connector expects four.
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 60, RateLimitPermits = 1000, ScheduledPaymentShare = 0, ChangelogRetention = TimeSpan.FromDays(7) });
        var connector = fixture.Connector();
        var cursor = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<Checkpoint>().Single().Cursor;
        fixture.Clock.Advance(TimeSpan.FromDays(10));
        var paid = fixture.Simulator.Store.Invoices.First(i => !i.Draft && !i.CreditNote && i.Remaining > 0);
        fixture.Simulator.Store.Pay(paid.Id);

        var second = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(second[0]);
        Assert.IsType<Checkpoint>(second[^1]);
        Assert.DoesNotContain(second.OfType<InvoiceRecord>(), r => r.Invoice.Id == paid.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(fixture.Simulator.Store.Requests, r => r.Status == 422);
    }

    [Fact]
    public async Task An_expired_changelog_cursor_is_reopened_from_the_watermark_and_the_sync_finishes()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 1200, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var connector = fixture.Connector();
        var cursor = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<Checkpoint>().Single().Cursor;
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var changed = fixture.Simulator.Store.Invoices.Where(i => !i.Draft && !i.CreditNote && i.Remaining > 0).Take(1100).ToList();
        foreach (var invoice in changed)
        {
            fixture.Simulator.Store.Pay(invoice.Id);
        }

        fixture.Simulator.ExpireNextCursors(1);
        var second = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        Assert.IsType<Checkpoint>(second[^1]);
        var records = second.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToHashSet();
        Assert.All(changed, i => Assert.Contains(i.Id.ToString(CultureInfo.InvariantCulture), records));
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Status == 400);
    }

    [Fact]
    public async Task A_full_read_stopped_part_way_goes_on_after_its_last_position_and_reads_no_invoice_page_twice()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 600, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        var settings = new Dictionary<string, string?> { ["PageSize"] = "20", ["ProgressPages"] = "4" };
        var everything = await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync();
        var expected = everything.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToHashSet();
        var invoicePages = InvoicePages(fixture);

        // The process dies right after the second saved position.
        var first = await Relance.Connectors.Tests.PartialReads.UntilSavedPositionAsync(fixture.Connector(settings), positions: 2);

        var position = ((SnapshotProgress)first[^1]).Cursor;
        var pagesBefore = InvoicePages(fixture);
        var rest = await fixture.Connector(settings).ReadAsync(position, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(first[0]);
        Assert.DoesNotContain(rest, m => m is FullSnapshotStarted);
        Assert.IsType<Checkpoint>(rest[^1]);
        var firstIds = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();
        var restIds = rest.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();
        Assert.Empty(firstIds.Intersect(restIds));
        Assert.Equal(expected, firstIds.Concat(restIds).ToHashSet());

        // The two parts together asked for as many invoice pages as one uninterrupted read.
        Assert.Equal(invoicePages, (pagesBefore - invoicePages) + (InvoicePages(fixture) - pagesBefore));

        // Each part brought the customers of its own invoices before its position was saved.
        foreach (var part in new[] { first, rest })
        {
            var customers = part.OfType<CustomerRecord>().Select(c => c.Customer.Id).ToHashSet();
            Assert.All(part.OfType<InvoiceRecord>(), r => Assert.Contains(r.Invoice.CustomerId, customers));
        }
    }

    [Fact]
    public async Task An_invoice_cursor_that_expires_mid_full_read_is_reopened_after_the_last_invoice_read()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 600, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        var settings = new Dictionary<string, string?> { ["PageSize"] = "20" };
        var expected = (await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToHashSet();
        var pagesOfOneRead = InvoicePages(fixture);

        fixture.Simulator.ExpireNextCursors(1);
        var read = await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.IsType<Checkpoint>(read[^1]);
        var ids = read.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected, ids.ToHashSet());
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Status == 400);

        // Only the refused page is asked again: nothing from the start.
        Assert.Equal(pagesOfOneRead + 1, InvoicePages(fixture) - pagesOfOneRead);
    }

    private static int InvoicePages(PennylaneFixture fixture) =>
        fixture.Simulator.Store.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal) && !r.PathAndQuery.Contains("changelogs", StringComparison.Ordinal));
}
