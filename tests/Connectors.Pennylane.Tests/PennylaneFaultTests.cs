using System.Globalization;
using Relance.Connectors;
using Relance.Simulators.Hosting;
using Relance.Simulators.Pennylane;
using Xunit.Abstractions;

namespace Relance.Connectors.Pennylane.Tests;

/// <summary>
/// Pennylane behind a network and a proxy that fail at random (seeded): 5xx, dropped connections, truncated JSON, a
/// maintenance page, 429 with and without Retry-After. Each read ends complete or with a connector error naming what
/// happened, and a read that completes holds exactly the account.
/// </summary>
[Trait("Suite", "Fault")]
public sealed class PennylaneFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_random_platform_and_network_faults_every_read_completes_or_fails_with_a_reason_and_a_completed_read_is_exact()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 600, RateLimitPermits = 100_000, ScheduledPaymentShare = 0 });
        var settings = new Dictionary<string, string?> { ["PageSize"] = "50" };
        var expected = (await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order().ToList();

        var random = new Random(20261204);
        var gate = new Lock();
        var injected = new Dictionary<HttpFault, int>();
        var faults = Enum.GetValues<HttpFault>().Where(f => f != HttpFault.None).ToArray();
        await using var proxy = await HostileServer.FaultyAsync(new Uri(fixture.Simulator.BaseAddress, "/"), _ =>
        {
            lock (gate)
            {
                if (random.NextDouble() >= 0.15)
                {
                    return HttpFault.None;
                }

                var fault = faults[random.Next(faults.Length)];
                injected[fault] = injected.GetValueOrDefault(fault) + 1;
                return fault;
            }
        });
        settings["BaseAddress"] = new Uri(proxy.Address, "api/external/v2/").ToString();

        var failures = new List<string>();
        var completed = 0;
        for (var attempt = 0; attempt < 12 && completed < 3; attempt++)
        {
            try
            {
                var messages = await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync();
                Assert.IsType<Checkpoint>(messages[^1]);
                Assert.Equal(expected, messages.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order().ToList());
                Assert.DoesNotContain(messages, m => m is RecordSkipped);
                completed++;
            }
            catch (ConnectorException ex)
            {
                // Never a half read taken for complete: the error says what went wrong, and no checkpoint was given.
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
                failures.Add(ex.Message.Length > 90 ? ex.Message[..90] : ex.Message);
            }
        }

        var total = injected.Values.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} faults injected ({string.Join(", ", injected.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}); {completed} reads complete and exact, {failures.Count} ended with a reason: {string.Join(" | ", failures.Distinct())}"));
        Assert.Equal(3, completed);
        Assert.True(total >= 10, $"only {total} faults injected");
        Assert.True(injected.Keys.Count >= 5, "too few kinds of fault were tried");
    }
}
