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
        var expected = (await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order(StringComparer.Ordinal).ToList();

        var rounds = new Relance.Connectors.Tests.FaultRounds(seed: 20261204);
        await using var proxy = await HostileServer.FaultyAsync(new Uri(fixture.Simulator.BaseAddress, "/"), _ => rounds.Next());
        settings["BaseAddress"] = new Uri(proxy.Address, "api/external/v2/").ToString();

        output.WriteLine("Pennylane: " + await rounds.RunAsync(() => fixture.Connector(settings), expected));
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_retried_and_a_platform_down_opens_the_circuit_which_closes_once_it_is_back()
    {
        // The host's policy, tightened to seconds: 300 ms per attempt, the breaker judging 10 calls over 2 s.
        await using var fixture = await PennylaneFixture.StartAsync(
            new PennylaneSimulatorOptions { InvoiceCount = 60, RateLimitPermits = 100_000, ScheduledPaymentShare = 0 },
            resilience: o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
                o.Retry.Delay = TimeSpan.FromMilliseconds(50);
                o.Retry.MaxRetryAttempts = 2;
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
                o.CircuitBreaker.MinimumThroughput = 10;
                o.CircuitBreaker.FailureRatio = 0.5;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
            });
        var down = 0;
        var slowOnce = 0;
        var asked = 0;
        await using var proxy = await HostileServer.FaultyAsync(new Uri(fixture.Simulator.BaseAddress, "/"), _ =>
            Interlocked.Increment(ref asked) < 0 ? HttpFault.None
            : Volatile.Read(ref down) == 1 ? HttpFault.ServiceUnavailable
            : Interlocked.Exchange(ref slowOnce, 0) == 1 ? HttpFault.SlowAnswer
            : HttpFault.None);
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, "api/external/v2/").ToString() });

        // A slow answer: the attempt times out, the retry gets the page, the read completes.
        Volatile.Write(ref slowOnce, 1);
        var slow = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        Assert.IsType<Checkpoint>(slow[^1]);
        var afterSlow = proxy.Journal.Requests.Count;

        // One request more was asked than answered: the slow one, given up at the attempt timeout and asked again.
        Assert.Equal(afterSlow + 1, Volatile.Read(ref asked));

        // The platform goes down: reads fail with a reason, then fail fast without reaching it (the circuit is open).
        Volatile.Write(ref down, 1);
        var reasons = new List<string>();
        var reachedWhileOpen = -1;
        for (var attempt = 0; attempt < 20 && reachedWhileOpen != 0; attempt++)
        {
            var before = proxy.Journal.Requests.Count;
            var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.ReadAsync(null, CancellationToken.None).ToListAsync().AsTask());
            Assert.Equal(ConnectorErrorKind.Transient, error.Kind);
            reasons.Add(error.Message);
            reachedWhileOpen = proxy.Journal.Requests.Count - before;
        }

        Assert.Equal(0, reachedWhileOpen);

        // Back up: after the break the circuit lets a trial through, it succeeds, and reads complete again.
        Volatile.Write(ref down, 0);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var back = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        Assert.IsType<Checkpoint>(back[^1]);
        Assert.Equal(slow.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order(), back.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order());
        output.WriteLine($"slow answer: read complete after a timeout and a retry ({afterSlow} requests); platform down: {reasons.Count} failed reads, the last without reaching it ({reasons[^1]}); back: read complete");
    }
}
