using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Simulators.Axonaut;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// A real account's figures rest on what it invoiced and was paid, not on open invoices alone: after the first full
/// read, each connector reads the paid invoices of the history window once, exactly those the platform holds.
/// </summary>
public sealed class PaidHistoryTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Since = new(2025, 9, 10);

    [Fact]
    public async Task Pennylane_paid_invoices_of_the_window_are_read_once_after_the_first_full_read()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 300, RateLimitPermits = 1000 }, clock, seed: true);
        var expected = pennylane.Store.Invoices.Where(i => i.Paid && i.Date >= Since).Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet();

        await AssertReadOnceAsync(dir, clock, WithWindow(RelanceTestHost.PennylaneConnection("acme", pennylane), "acme"), "acme", expected, datedByPlatform: false);
    }

    [Fact]
    public async Task Axonaut_paid_invoices_of_the_window_are_read_once_with_their_payment_date()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0 }, clock);
        var expected = axonaut.Store.Invoices.Where(i => i.Total > 0 && i.PaidDate is not null && i.Date >= Since).Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet();

        await AssertReadOnceAsync(dir, clock, WithWindow(RelanceTestHost.AxonautConnection("axo", axonaut), "axo"), "axo", expected, datedByPlatform: true);
    }

    [Fact]
    public async Task QuickBooks_paid_invoices_of_the_window_are_read_once_dated_by_their_payments()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0 }, clock, seed: true);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        var expected = qbo.Store.Invoices.Where(i => !i.Voided && i.TotalAmt > 0 && i.Balance == 0 && i.TxnDate >= Since).Select(i => i.Id).ToHashSet();

        await AssertReadOnceAsync(dir, clock, WithWindow(RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh), "qbo"), "qbo", expected, datedByPlatform: true);
    }

    [Fact]
    public async Task No_history_is_read_when_the_window_is_zero()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 100, RateLimitPermits = 1000 }, clock, seed: true);
        var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
        settings["Relance:Connections:acme:PaidHistoryMonths"] = "0";
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);

        var sync = await host.Sync.RunAsync("acme", CancellationToken.None);

        Assert.Equal(0, sync.PaidHistory);
        Assert.DoesNotContain(await host.Ledger.GetInvoiceHistoryAsync("acme", CancellationToken.None), h => !h.IsOpen);
    }

    private static Dictionary<string, string?> WithWindow(Dictionary<string, string?> settings, string connection)
    {
        settings[$"Relance:Connections:{connection}:PaidHistoryMonths"] = "6";
        return settings;
    }

    private static async Task AssertReadOnceAsync(TempDirectory dir, FakeTimeProvider clock, Dictionary<string, string?> settings, string connection, HashSet<string> expected, bool datedByPlatform)
    {
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);

        var first = await host.Sync.RunAsync(connection, CancellationToken.None);
        var second = await host.Sync.RunAsync(connection, CancellationToken.None);

        Assert.True(expected.Count >= 10, $"the seeded account has {expected.Count} paid invoices in the window");
        Assert.Equal(expected.Count, first.PaidHistory);
        Assert.Equal(0, second.PaidHistory);
        var history = await host.Ledger.GetInvoiceHistoryAsync(connection, CancellationToken.None);
        var paid = history.Where(h => !h.IsOpen && h.Stored.Invoice.Status == InvoiceStatus.Paid).ToList();
        Assert.Equal(expected.Order(), paid.Select(h => h.Stored.Invoice.Id).Order());
        Assert.All(paid, h => Assert.NotNull(h.Stored.Customer));
        if (datedByPlatform)
        {
            Assert.All(paid, h => Assert.InRange(h.Stored.Invoice.PaidOn!.Value, h.Stored.Invoice.IssueDate, DateOnly.FromDateTime(Morning.UtcDateTime)));
        }
        else
        {
            Assert.All(paid, h => Assert.Null(h.Stored.Invoice.PaidOn));
        }

        // The open invoices are what they were: the history never opens nor closes one.
        Assert.Equal(history.Count(h => h.IsOpen), (await host.Ledger.GetOpenInvoicesAsync(connection, CancellationToken.None)).Count);
    }
}
