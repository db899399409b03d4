using Relance.Connectors;
using Relance.Simulators.Hosting;
using Relance.Simulators.QuickBooks;
using Xunit.Abstractions;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>QuickBooks behind a network and a proxy that fail at random: each read ends exact or with a reason.</summary>
[Trait("Suite", "Fault")]
public sealed class QuickBooksFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_random_platform_and_network_faults_every_read_completes_or_fails_with_a_reason_and_a_completed_read_is_exact()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0, RequestsPerMinute = 100_000 });
        var settings = new Dictionary<string, string?> { ["PageSize"] = "50", ["RequestsPerMinute"] = "100000", ["RequestsPerSecond"] = "10000", ["ThrottleDelay"] = "00:00:01" };
        var expected = (await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order(StringComparer.Ordinal).ToList();
        var rounds = new Relance.Connectors.Tests.FaultRounds(seed: 20261204);
        await using var proxy = await HostileServer.FaultyAsync(new Uri(fixture.Simulator.Root, "/"), _ => rounds.Next());
        settings["BaseAddress"] = proxy.Address.ToString();

        output.WriteLine("QuickBooks: " + await rounds.RunAsync(() => fixture.Connector(settings, name: "qbo-faulty"), expected));
    }
}
