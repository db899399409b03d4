using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class SyncConcurrencyTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_syncs_at_once_from_two_processes_keep_every_open_invoice_open()
    {
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 1500, RateLimitPermits = 1000, ScheduledPaymentShare = 0 }, clock);
        using var dir = new TempDirectory();
        var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);

        // The worker and `relance sync` beside it: two hosts on one data folder, both starting with a full read.
        using var worker = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        using var cli = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        var reports = await Task.WhenAll(
            Task.Run(() => worker.Sync.RunAsync("acme", CancellationToken.None)),
            Task.Run(() => cli.Sync.RunAsync("acme", CancellationToken.None)));

        var expected = pennylane.Store.Invoices
            .Where(i => !i.Draft && !i.CreditNote && !i.Cancelled && i.Remaining > 0m)
            .Select(i => i.Id.ToString(CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        var open = (await worker.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Select(i => i.Invoice.Id).Order().ToList();
        Assert.True(expected.Count > 500, $"the account should have a backlog, has {expected.Count} open invoices");
        Assert.Equal(expected, open);
        Assert.All(reports, r => Assert.Equal(0, r.Closed));

        // One of them read everything; the other, serialised behind it, read only what changed.
        Assert.Single(reports, r => r.FullSnapshot);
    }

    [Fact]
    public async Task Should_the_lock_not_hold_the_older_of_two_overlapping_full_syncs_closes_nothing()
    {
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 1500, RateLimitPermits = 1000, ScheduledPaymentShare = 0 }, clock);
        using var dir = new TempDirectory();
        var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
        using var a = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s => s.Decorate<IDunningLedger>(inner => new NoLockLedger(inner)));
        using var b = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s => s.Decorate<IDunningLedger>(inner => new NoLockLedger(inner)));

        var reports = await Task.WhenAll(
            Task.Run(() => a.Sync.RunAsync("acme", CancellationToken.None)),
            Task.Run(() => b.Sync.RunAsync("acme", CancellationToken.None)));

        var expected = pennylane.Store.Invoices.Count(i => !i.Draft && !i.CreditNote && !i.Cancelled && i.Remaining > 0m);
        Assert.Equal(expected, (await a.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Count);
        Assert.All(reports, r => Assert.Equal(0, r.Closed));
    }

    /// <summary>A store whose named locks do not exclude anything (what a broken lock would be).</summary>
    private sealed class NoLockLedger(IDunningLedger inner) : DelegatingLedger(inner)
    {
        public override Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken) =>
            name.StartsWith("sync:", StringComparison.Ordinal) ? Task.FromResult<IAsyncDisposable>(new Nothing()) : base.LockAsync(name, cancellationToken);

        private sealed class Nothing : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
