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
}
