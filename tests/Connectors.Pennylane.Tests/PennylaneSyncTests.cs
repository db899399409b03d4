using Relance.Connectors;
using Relance.Simulators.Pennylane;

namespace Relance.Connectors.Pennylane.Tests;

public sealed class PennylaneSyncTests
{
    [Fact]
    public async Task Full_sync_pages_through_every_invoice_and_keeps_only_open_ones()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 250, RateLimitPermits = 1000 });
        var connector = fixture.Connector();

        var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(messages[0]);
        Assert.IsType<Checkpoint>(messages[^1]);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var expectedOpen = fixture.Simulator.Store.Invoices
            .Where(i => !i.Draft && !i.CreditNote && !i.Cancelled && i.Remaining > 0m)
            .Select(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToList();
        Assert.Equal(expectedOpen, invoices.Select(i => i.Id).Order().ToList());
        Assert.All(invoices, i => Assert.True(i.IsOpen));
        Assert.Contains(invoices, i => i.Status == InvoiceStatus.PartiallyPaid);

        // Every customer of an open invoice arrives, fetched in batches: never one request per invoice.
        var customers = messages.OfType<CustomerRecord>().Select(c => c.Customer.Id).ToHashSet();
        Assert.True(invoices.All(i => customers.Contains(i.CustomerId)));
        var requests = fixture.Simulator.Store.Requests;
        var invoicePages = requests.Count(r => r.PathAndQuery.StartsWith("/api/external/v2/customer_invoices?", StringComparison.Ordinal));
        Assert.True(invoicePages >= 3, $"expected at least 3 pages of 100 for ~230 finalised invoices, got {invoicePages}");
        Assert.Contains(requests, r => r.PathAndQuery.Contains("cursor=", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.PathAndQuery.StartsWith("/api/external/v2/customer_invoices/", StringComparison.Ordinal) && r.Method == "GET");
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        Assert.True(today > DateOnly.MinValue);
    }

    [Fact]
    public async Task Incremental_sync_reads_only_what_changed_since_the_cursor()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 60, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var cursor = first.OfType<Checkpoint>().Single().Cursor;
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice).First();

        fixture.Clock.Advance(TimeSpan.FromHours(6));
        fixture.Simulator.Store.Pay(long.Parse(open.Id, System.Globalization.CultureInfo.InvariantCulture));
        fixture.Simulator.Store.AddInvoice(new SimInvoice
        {
            Id = 9001, Number = "F-2026-09001", CustomerId = 501, Date = new DateOnly(2026, 3, 1), Deadline = new DateOnly(2026, 3, 31), Total = 1200m, Remaining = 1200m,
        });
        fixture.Simulator.Store.ClearRequests();

        var second = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        var changed = second.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        Assert.Equal([open.Id, "9001"], changed.Keys.Order().ToArray());
        Assert.Equal(InvoiceStatus.Paid, changed[open.Id].Status);
        Assert.False(changed[open.Id].IsOpen);
        Assert.True(changed["9001"].IsOpen);
        var requests = fixture.Simulator.Store.Requests;
        Assert.Contains(requests, r => r.PathAndQuery.StartsWith("/api/external/v2/changelogs/customer_invoices?start_date=", StringComparison.Ordinal));
        Assert.Single(requests, r => r.PathAndQuery.StartsWith("/api/external/v2/customer_invoices?", StringComparison.Ordinal));
        Assert.IsType<Checkpoint>(second[^1]);
    }

    [Fact]
    public async Task Changelog_pages_send_start_date_only_on_the_first_page()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 1200, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var connector = fixture.Connector();
        var cursor = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<Checkpoint>().Single().Cursor;
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var invoice in fixture.Simulator.Store.Invoices.Take(1100))
        {
            fixture.Simulator.Store.UpdateInvoice(invoice.Id, i => i.Number += "-R");
        }

        fixture.Simulator.Store.ClearRequests();
        var messages = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();

        var changelog = fixture.Simulator.Store.Requests.Where(r => r.PathAndQuery.StartsWith("/api/external/v2/changelogs/customer_invoices", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, changelog.Count);
        Assert.Contains("start_date=", changelog[0].PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("start_date=", changelog[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("cursor=", changelog[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(1100, messages.OfType<InvoiceRecord>().Count());
    }

    [Fact]
    public async Task Watermark_older_than_the_changelog_retention_falls_back_to_a_full_sync()
    {
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector();
        var cursor = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<Checkpoint>().Single().Cursor;
        fixture.Clock.Advance(TimeSpan.FromDays(40));
        fixture.Simulator.Store.ClearRequests();

        var messages = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(messages[0]);
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.Status == 422);
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.PathAndQuery.Contains("changelogs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_amount_skips_that_invoice_naming_the_field_and_the_rest_goes_on()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 30, RateLimitPermits = 1000 });
        var broken = fixture.Simulator.Store.Invoices.First(i => i.Remaining > 0m && !i.Draft && !i.CreditNote && !i.Cancelled);
        fixture.Simulator.Store.UpdateInvoice(broken.Id, i => i.RawRemaining = "12,5O");

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var skipped = Assert.Single(messages.OfType<RecordSkipped>());
        Assert.Equal(broken.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), skipped.Id);
        Assert.Contains("remaining_amount_with_tax", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("12,5O", skipped.Reason, StringComparison.Ordinal);
        Assert.True(messages.OfType<InvoiceRecord>().Count() > 5);
        Assert.IsType<Checkpoint>(messages[^1]);
    }

    [Fact]
    public async Task Fresh_read_sees_a_payment_made_since_the_last_sync()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 20, RateLimitPermits = 1000, ScheduledPaymentShare = 0 });
        var connector = fixture.Connector();
        var open = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice).Take(3).ToList();
        fixture.Simulator.Store.Pay(long.Parse(open[0].Id, System.Globalization.CultureInfo.InvariantCulture));
        fixture.Simulator.Store.ClearRequests();

        var fresh = await connector.GetInvoicesAsync(open.Select(i => i.Id).ToList(), CancellationToken.None);

        Assert.Equal(3, fresh.Count);
        Assert.Equal(InvoiceStatus.Paid, fresh.Single(i => i.Id == open[0].Id).Status);
        Assert.Single(fixture.Simulator.Store.Requests);
    }
}
