using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>A server that refuses an incremental read makes the connector read the next-best way, never fail.</summary>
public sealed class QuickBooksDegradedReadTests
{
    [Fact]
    public async Task A_change_feed_refusing_payments_reads_them_by_query_and_remembers_it()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0, CdcRefusedEntities = ["Payment"] });
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        fixture.Simulator.Store.Pay(open[0]);
        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        fixture.Simulator.Store.Pay(open[1]);
        fixture.Simulator.Store.ClearRequests();
        var third = await connector.ReadAsync(second.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        Assert.Equal(InvoiceStatus.Paid, second.OfType<InvoiceRecord>().Single(r => r.Invoice.Id == open[0]).Invoice.Status);
        Assert.Equal(InvoiceStatus.Paid, third.OfType<InvoiceRecord>().Single(r => r.Invoice.Id == open[1]).Invoice.Status);

        // The third read asked straight for what this server accepts: no refused request, one feed call.
        Assert.All(fixture.Simulator.Store.Requests, r => Assert.Equal(200, r.Status));
        var cdc = Assert.Single(fixture.Simulator.Store.Requests, r => r.Path.EndsWith("/cdc", StringComparison.Ordinal));
        Assert.Contains("entities=Invoice%2CCustomer&", cdc.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_every_incremental_read_gets_a_full_read_and_the_sync_finishes()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0, CdcRefusedEntities = ["Invoice"], RefuseLastUpdatedQueries = true });
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        fixture.Simulator.Store.Pay(open[0]);
        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();
        fixture.Simulator.Store.ClearRequests();
        var third = await connector.ReadAsync(second.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(second[0]);
        Assert.DoesNotContain(second.OfType<InvoiceRecord>(), r => r.Invoice.Id == open[0]);
        Assert.IsType<Checkpoint>(second[^1]);
        Assert.IsType<FullSnapshotStarted>(third[0]);
        Assert.All(fixture.Simulator.Store.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_full_read_stopped_part_way_goes_on_from_its_last_position_and_misses_no_invoice_when_some_were_paid_meanwhile()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0 });
        var settings = new Dictionary<string, string?> { ["PageSize"] = "20", ["ProgressPages"] = "3" };
        var clean = await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync();
        var cleanPages = InvoicePages(fixture);
        Assert.True(cleanPages > 8, $"{cleanPages} pages: too few for three parts");

        // The process dies right after the second saved position.
        var first = await Relance.Connectors.Tests.PartialReads.UntilSavedPositionAsync(fixture.Connector(settings), positions: 2);

        // Invoices already read are paid before the restart: the later ones move up in the ordered list.
        var readBefore = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();
        foreach (var id in readBefore.Take(7))
        {
            fixture.Simulator.Store.Pay(id);
        }

        var pagesBefore = InvoicePages(fixture);
        var rest = await fixture.Connector(settings).ReadAsync(((SnapshotProgress)first[^1]).Cursor, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(first[0]);
        Assert.DoesNotContain(rest, m => m is FullSnapshotStarted);
        Assert.IsType<Checkpoint>(rest[^1]);
        var stillOpen = fixture.Simulator.Store.Invoices.Where(i => i.Balance > 0).Select(i => i.Id).ToHashSet();
        var read = readBefore.Concat(rest.OfType<InvoiceRecord>().Select(r => r.Invoice.Id)).ToHashSet();
        Assert.Empty(stillOpen.Except(read));
        Assert.Equal(clean.OfType<InvoiceRecord>().Count(), read.Count);

        // One page read twice (the step back), not the whole account again.
        Assert.Equal(cleanPages + 1, (pagesBefore - cleanPages) + (InvoicePages(fixture) - pagesBefore));
        foreach (var part in new[] { first, rest })
        {
            var customers = part.OfType<CustomerRecord>().Select(c => c.Customer.Id).ToHashSet();
            Assert.All(part.OfType<InvoiceRecord>(), r => Assert.Contains(r.Invoice.CustomerId, customers));
        }
    }

    private static int InvoicePages(QuickBooksFixture fixture) =>
        fixture.Simulator.Store.Requests.Count(r => r.Path.EndsWith("/query", StringComparison.Ordinal) && Uri.UnescapeDataString(r.Query).Contains("from Invoice where Balance", StringComparison.Ordinal));
}
