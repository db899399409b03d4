using System.Globalization;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.Tests;

/// <summary>
/// Reads an account again and again through a proxy that fails a share of the requests at random (seeded), until
/// enough faults were injected and enough reads completed: each read must end exact or with a one-line reason.
/// </summary>
internal sealed class FaultRounds(int seed, double share = 0.2)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly Dictionary<HttpFault, int> _injected = [];
    private readonly HttpFault[] _faults = Enum.GetValues<HttpFault>().Where(f => f != HttpFault.None).ToArray();

    public int Injected
    {
        get
        {
            lock (_gate)
            {
                return _injected.Values.Sum();
            }
        }
    }

    /// <summary>The proxy's plan: most requests pass, a share fail in one of the ways of <see cref="HttpFault"/>.</summary>
    public HttpFault Next()
    {
        lock (_gate)
        {
            if (_random.NextDouble() >= share)
            {
                return HttpFault.None;
            }

            var fault = _faults[_random.Next(_faults.Length)];
            _injected[fault] = _injected.GetValueOrDefault(fault) + 1;
            return fault;
        }
    }

    public async Task<string> RunAsync(Func<IInvoiceConnector> connector, IReadOnlyList<string> expected, int minimumFaults = 20, int reads = 3)
    {
        var failures = new List<string>();
        var completed = 0;
        for (var attempt = 0; attempt < 40 && (completed < reads || Injected < minimumFaults); attempt++)
        {
            try
            {
                var messages = await connector().ReadAsync(null, CancellationToken.None).ToListAsync();
                Assert.IsType<Checkpoint>(messages[^1]);
                Assert.Equal(expected, messages.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Distinct().Order(StringComparer.Ordinal).ToList());
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

        Assert.True(completed >= reads, $"only {completed} reads completed: {string.Join(" | ", failures)}");
        Assert.True(Injected >= minimumFaults, $"only {Injected} faults injected");
        lock (_gate)
        {
            Assert.True(_injected.Keys.Count >= 5, "too few kinds of fault were tried");
            var summary = string.Create(CultureInfo.InvariantCulture, $"{Injected} faults injected ({string.Join(", ", _injected.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}); {completed} reads complete and exact, {failures.Count} ended with a reason");
            SuiteCounters.Report("faults", summary);
            return summary + ": " + string.Join(" | ", failures.Distinct());
        }
    }
}
