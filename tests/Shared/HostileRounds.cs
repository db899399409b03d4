using System.Diagnostics;
using System.Globalization;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.Tests;

/// <summary>
/// Reads an account through a proxy that breaks a share of its records (<see cref="HostileJson"/>) until enough cases
/// went through, and checks every read: it completes, each skipped record names its id and a printable, bounded reason,
/// and every record left sound comes out exactly as without the proxy.
/// </summary>
internal static class HostileRounds
{
    public static async Task<string> RunAsync(IInvoiceConnector connector, HostileJson hostile, IReadOnlyDictionary<string, string> sound, int cases = 10_000)
    {
        var clock = Stopwatch.StartNew();
        int rounds = 0, skipped = 0, read = 0, controls = 0;
        var peak = 0L;
        while (hostile.Cases < cases)
        {
            hostile.Reset();
            var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
            rounds++;
            peak = Math.Max(peak, GC.GetTotalMemory(false));

            Assert.IsType<Checkpoint>(messages[^1]);
            foreach (var skip in messages.OfType<RecordSkipped>())
            {
                skipped++;
                Assert.False(string.IsNullOrWhiteSpace(skip.Reason), $"{skip.Kind} {skip.Id}: no reason");
                Assert.True(skip.Reason.Length <= 1000, $"{skip.Kind} {skip.Id}: a reason of {skip.Reason.Length} characters");
                Assert.False(skip.Reason.Any(c => char.IsControl(c)), $"{skip.Kind} {skip.Id}: control characters in the reason");
            }

            var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToList();
            read += invoices.Count;
            var byId = invoices.GroupBy(i => i.Id ?? "").ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            var mutated = hostile.Mutated.ToHashSet(StringComparer.Ordinal);
            foreach (var (id, expected) in sound.Where(s => !mutated.Contains(s.Key)))
            {
                controls++;
                Assert.True(byId.TryGetValue(id, out var actual), $"round {rounds}: sound invoice {id} was lost");
                Assert.Equal(expected, Key(actual));
            }
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"{hostile.Cases} broken records in {rounds} reads ({clock.Elapsed.TotalSeconds:F1} s, managed heap peak {peak / 1_048_576} MB): {skipped} skipped with a reason, {read} invoices read, {controls} sound invoices checked unchanged");
        SuiteCounters.Report($"hostile {connector.Descriptor.DisplayName}", summary);
        return summary;
    }

    public static string Key(Invoice invoice) =>
        string.Create(CultureInfo.InvariantCulture, $"{invoice.Number}|{invoice.CustomerId}|{invoice.DueDate}|{invoice.Total}|{invoice.AmountDue}|{invoice.Status}");
}
