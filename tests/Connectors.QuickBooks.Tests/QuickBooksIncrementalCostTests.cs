using System.Web;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>What an incremental sync costs after a few payments, and that it finishes on a stricter server.</summary>
public sealed class QuickBooksIncrementalCostTests
{
    [Fact]
    public async Task Incremental_sync_after_payments_costs_one_change_feed_request()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2000, ScheduledPaymentShare = 0 });
        var (connector, first, paid) = await SyncThenPayAsync(fixture);

        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        var records = second.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        foreach (var (id, whole) in paid)
        {
            Assert.Equal(whole ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid, records[id].Status);
            if (!whole)
            {
                // Dated from the payment the change feed brought, without asking for it again.
                var payment = Assert.Single(records[id].Payments!);
                Assert.Equal(1m, payment.Amount);
            }
        }

        var requests = fixture.Simulator.Store.Requests.Select(r => r.Path + " " + HttpUtility.UrlDecode(r.Query)).ToList();
        // Customers it already emitted are not read again (the host asks for any it lacks): one request in all.
        Assert.True(requests.Count == 1 && requests[0].Contains("/cdc", StringComparison.Ordinal), string.Join("\n", requests));
        Assert.DoesNotContain(second, m => m is CustomerRecord);
        Assert.DoesNotContain(requests, r => r.Contains("from Payment", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_server_that_refuses_payment_reads_still_syncs_fully_and_incrementally_with_undated_part_payments()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions
        {
            InvoiceCount = 300,
            ScheduledPaymentShare = 0,
            RefusePaymentQueries = true,
            CdcRefusedEntities = ["Payment"],
        });
        var (connector, first, paid) = await SyncThenPayAsync(fixture);
        Assert.Contains(first.OfType<InvoiceRecord>(), r => r.Invoice.Status == InvoiceStatus.PartiallyPaid && r.Invoice.Payments is null);

        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        var records = second.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        foreach (var (id, whole) in paid)
        {
            Assert.Equal(whole ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid, records[id].Status);
        }

        // The refusal met by the full read is remembered: the incremental one does not ask again.
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => HttpUtility.UrlDecode(r.Query).Contains("from Payment", StringComparison.OrdinalIgnoreCase));
        Assert.IsType<Checkpoint>(second[^1]);
    }

    private static async Task<(IInvoiceConnector Connector, List<SyncMessage> First, List<(string Id, bool Whole)> Paid)> SyncThenPayAsync(QuickBooksFixture fixture)
    {
        // The seed's own changes fall before the first read's window.
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice).Where(i => i.Status == InvoiceStatus.Open).ToList();
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var paid = new List<(string Id, bool Whole)>();
        foreach (var (invoice, n) in open.Where((_, i) => i % 10 == 0).Take(11).Select((invoice, n) => (invoice, n)))
        {
            fixture.Simulator.Store.Pay(invoice.Id, n % 2 == 0 ? null : 1m);
            paid.Add((invoice.Id, n % 2 == 0));
        }

        fixture.Simulator.Store.ClearRequests();
        return (connector, first, paid);
    }
}
