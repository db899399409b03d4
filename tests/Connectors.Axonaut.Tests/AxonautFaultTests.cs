using Relance.Connectors;
using Relance.Simulators.Axonaut;
using Relance.Simulators.Hosting;
using Xunit.Abstractions;

namespace Relance.Connectors.Axonaut.Tests;

/// <summary>
/// Axonaut behind a network and a proxy that fail at random: each read ends exact or with a reason (a 429 is its
/// daily quota: the read stops at once and says until when).
/// </summary>
[Trait("Suite", "Fault")]
public sealed class AxonautFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_random_platform_and_network_faults_every_read_completes_or_fails_with_a_reason_and_a_completed_read_is_exact()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 150, ScheduledPaymentShare = 0 });
        var expected = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order(StringComparer.Ordinal).ToList();
        var prefix = fixture.Simulator.BaseAddress.AbsolutePath;
        var rounds = new Relance.Connectors.Tests.FaultRounds(seed: 20261204, share: 0.1);
        await using var proxy = await HostileServer.FaultyAsync(new Uri(fixture.Simulator.BaseAddress, "/"), _ => rounds.Next());
        var settings = new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, prefix.TrimStart('/')).ToString() };

        output.WriteLine("Axonaut: " + await rounds.RunAsync(() => fixture.Connector(settings), expected));
    }
}
