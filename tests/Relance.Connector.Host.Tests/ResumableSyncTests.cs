using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Engine.Sync;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>A first full read killed part-way: the next run goes on from the last saved position, under the same snapshot.</summary>
public sealed class ResumableSyncTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pennylane_full_read_killed_part_way_goes_on_where_it_stopped_and_closes_nothing_it_had_read()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 700, RateLimitPermits = 100_000, ScheduledPaymentShare = 0 }, clock);
        Dictionary<string, string?> Settings()
        {
            var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
            settings["Relance:Connections:acme:Settings:PageSize"] = "25";
            settings["Relance:Connections:acme:Settings:ProgressPages"] = "3";

            // The pages counted are those of the open invoices; the one-off paid history would add its own.
            settings["Relance:Connections:acme:PaidHistoryMonths"] = "0";
            return settings;
        }

        await AssertResumesAsync(dir, clock, Settings, () => pennylane.Store.Requests.Count(r => r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal) && !r.PathAndQuery.Contains("changelogs", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_quickbooks_full_read_killed_part_way_goes_on_where_it_stopped_and_closes_nothing_it_had_read()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var quickbooks = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 400, ScheduledPaymentShare = 0 }, clock);
        // Each installation is authorised on its own: refresh tokens rotate.
        Dictionary<string, string?> Settings()
        {
            var settings = RelanceTestHost.QuickBooksConnection("acme", quickbooks, quickbooks.OAuth.IssueInitialTokens().RefreshToken);
            settings["Relance:Connections:acme:Settings:PageSize"] = "20";
            settings["Relance:Connections:acme:Settings:ProgressPages"] = "3";

            // The pages counted are those of the open invoices; the one-off paid history would add its own.
            settings["Relance:Connections:acme:PaidHistoryMonths"] = "0";
            return settings;
        }

        await AssertResumesAsync(dir, clock, Settings, () => quickbooks.Store.Requests.Count(r => Uri.UnescapeDataString(r.Query).Contains("from Invoice where Balance", StringComparison.Ordinal)));
    }

    private static async Task AssertResumesAsync(TempDirectory dir, FakeTimeProvider clock, Func<Dictionary<string, string?>> newInstallation, Func<int> invoicePages)
    {
        var settings = newInstallation();
        using (var crashing = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s => s.Decorate<IDunningLedger>(inner => new CrashAtSecondPosition(inner))))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.Sync.RunAsync("acme", CancellationToken.None));
        }

        var pagesOfPartOne = invoicePages();
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        var readBefore = (await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Select(o => o.Invoice.Id).ToHashSet();
        Assert.NotEmpty(readBefore);

        var report = await host.Sync.RunAsync("acme", CancellationToken.None);

        Assert.Equal(2, report.Part?.Number);
        Assert.True(report.Part?.Completed);
        Assert.Equal(0, report.Closed);
        var open = (await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).ToList();
        Assert.Superset(readBefore, open.Select(o => o.Invoice.Id).ToHashSet());
        Assert.All(open, o => Assert.NotNull(o.Customer));

        var pagesOfPartTwo = invoicePages() - pagesOfPartOne;
        var afterwards = await host.Sync.RunAsync("acme", CancellationToken.None);
        Assert.False(afterwards.FullSnapshot);

        // The second run did not start over: it went on after the first saved position (3 pages), at most one page early.
        using var elsewhere = new TempDirectory();
        using var fresh = await RelanceTestHost.StartAsync(elsewhere.Path, newInstallation(), clock);
        var beforeFresh = invoicePages();
        await fresh.Sync.RunAsync("acme", CancellationToken.None);
        var oneRead = invoicePages() - beforeFresh;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{open.Count} open invoices; one uninterrupted read {oneRead} invoice pages; part one {pagesOfPartOne}, part two {pagesOfPartTwo}"));
        Assert.True(pagesOfPartOne >= 6, $"part one read {pagesOfPartOne} pages: the crash came before the second position");
        Assert.InRange(pagesOfPartTwo, oneRead - 3, oneRead - 2);
    }

    /// <summary>
    /// The process dies as the second position of a full read is saved: after the snapshot's own record, before the
    /// cursor — the narrowest window there is.
    /// </summary>
    private sealed class CrashAtSecondPosition(IDunningLedger inner) : DelegatingLedger(inner)
    {
        private int _positions;

        public override Task<int> CommitCheckpointAsync(string connection, SyncCursor cursor, string? completedSnapshotId, DateTimeOffset at, CancellationToken cancellationToken) =>
            ++_positions == 2 ? throw new SimulatedCrashException() : base.CommitCheckpointAsync(connection, cursor, completedSnapshotId, at, cancellationToken);
    }
}
