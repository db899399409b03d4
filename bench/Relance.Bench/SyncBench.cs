using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relance.Connector.Host.Hosting;
using Relance.Engine.Connections;
using Relance.Engine.Sync;
using Relance.Simulators.Hosting;

namespace Relance.Bench;

/// <summary>One platform at one size: the bare client's full read, then Relance's full and incremental syncs into SQLite.</summary>
internal static class SyncBench
{
    public static async Task<SyncResult> RunAsync(string platform, int invoices, BenchOptions options)
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        var latency = TimeSpan.FromMilliseconds(options.LatencyMs);
        await using var bench = platform switch
        {
            "pennylane" => await PennylaneBench.StartAsync(invoices, options.TimeScale, latency, clock),
            "quickbooks" => await QuickBooksBench.StartAsync(invoices, options.TimeScale, latency, clock),
            "axonaut" => await AxonautBench.StartAsync(invoices, options.TimeScale, latency, clock),
            _ => throw new ArgumentException($"Unknown platform '{platform}': pennylane, quickbooks or axonaut."),
        };

        // The seed's own changes fall before the first read's window, as on an account that was not born today.
        clock.Advance(TimeSpan.FromDays(3));
        bench.ClearJournal();
        var watch = Stopwatch.StartNew();
        var minimum = await bench.BareFullReadAsync(CancellationToken.None);
        var bareTime = watch.Elapsed;
        var bareThrottled = bench.Journal.Count(r => r.Status == 429);

        var dir = Directory.CreateTempSubdirectory("relance-bench").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Relance:DataDirectory"] = dir,
                ["Relance:PluginsDirectory"] = Path.Combine(dir, "plugins"),
                ["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(dir, "ledger.db")}",
                ["Relance:Connections:bench:Sender:Name"] = "Bench",
                ["Relance:Connections:bench:Sender:Email"] = "bench@relance.example",

                // The paid history is a read of its own, once, after the first full read: not part of the open-invoice minimum.
                ["Relance:Connections:bench:PaidHistoryMonths"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in bench.Settings)
            {
                settings[$"Relance:Connections:bench:{key}"] = value;
            }

            var builder = RelanceHost.CreateBuilder([], settings, scheduling: false);
            builder.Services.AddSingleton(new RelanceClock(clock));
            using var host = builder.Build();
            await host.StartAsync();
            var sync = host.Services.GetRequiredService<SyncService>();

            bench.ClearJournal();
            var (full, fullTime, fullAllocated, fullRss) = await MeasureAsync(() => sync.RunAsync("bench", CancellationToken.None));
            var fullRequests = bench.Journal.Where(r => r.Status != 429).ToList();
            var throttled = bench.Journal.Count(r => r.Status == 429);
            var peak = SlidingLog.Peak([.. bench.Journal.Select(r => r.At)], bench.Limit.Window);

            clock.Advance(TimeSpan.FromDays(1));
            var changed = bench.PayOnePercent();
            bench.ClearJournal();
            var (incremental, incrementalTime, _, _) = await MeasureAsync(() => sync.RunAsync("bench", CancellationToken.None));
            var incrementalRequests = bench.Journal.Count(r => r.Status != 429);
            throttled += bench.Journal.Count(r => r.Status == 429);
            await host.StopAsync();

            var lowerBound = SlidingLog.LowerBound(minimum, bench.Limit.Count, bench.Limit.Window);
            return new SyncResult(
                bench.Name, invoices, bench.LimitText, full.Invoices, full.Customers,
                fullRequests.Count, minimum, throttled, bareThrottled,
                Math.Round((double)peak / bench.Limit.Count, 2),
                Math.Round(fullTime.TotalSeconds, 2), Math.Round(bareTime.TotalSeconds, 2), Math.Round(lowerBound.TotalSeconds, 2),
                fullAllocated / 1024 / 1024, fullRss / 1024 / 1024,
                changed, incrementalRequests, (changed + bench.ChangePage - 1) / bench.ChangePage + 1, Math.Round(incrementalTime.TotalSeconds, 2),
                Breakdown(fullRequests.Select(r => r.Path)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(T Result, TimeSpan Elapsed, long Allocated, long RssGrowth)> MeasureAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var result = await action();
        watch.Stop();
        return (result, watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - before, memory.GrowthBytes);
    }

    // Requests by path with ids folded: "customer_invoices 201, customers 67".
    private static string Breakdown(IEnumerable<string> paths) =>
        string.Join(", ", paths
            .Select(p => string.Join('/', p.Split('/').Where(s => s.Length > 0 && !s.All(char.IsAsciiDigit)).TakeLast(2)))
            .GroupBy(p => p)
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}"));
}

internal sealed record SyncResult(
    string Platform, int Invoices, string Limit, int OpenInvoicesStored, int CustomersStored,
    int Requests, int MinimumRequests, int Throttled429, int BareThrottled429, double PeakWindowOverLimit,
    double Seconds, double BareSeconds, double LowerBoundSeconds,
    long AllocatedMiB, long RssGrowthMiB,
    int Changed, int IncrementalRequests, int IncrementalTarget, double IncrementalSeconds,
    string RequestsByPath)
{
    public double RequestsOverMinimum => Math.Round((double)Requests / MinimumRequests, 2);

    public double TimeOverBare => Math.Round(Seconds / Math.Max(0.01, BareSeconds), 2);

    /// <summary>Null when the minimum fits in one window of the limit (no lower bound but zero).</summary>
    public double? TimeOverLowerBound => LowerBoundSeconds > 0 ? Math.Round(Seconds / LowerBoundSeconds, 2) : null;

    public double IncrementalOverTarget => Math.Round((double)IncrementalRequests / IncrementalTarget, 2);

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Platform} {Invoices:N0}: {Requests} requests (minimum {MinimumRequests}; {RequestsByPath}), {Seconds:0.0} s (bare {BareSeconds:0.0} s), {Throttled429} × 429, incremental {IncrementalRequests} requests for {Changed} changed");

    public static string Table(IReadOnlyList<SyncResult> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| platform | invoices | req ÷ min | 429s | peak ÷ limit | time ÷ bare | time ÷ bound | allocated | RSS growth | incr. req ÷ target |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Platform} | {r.Invoices:N0} | {r.Requests}/{r.MinimumRequests} = {r.RequestsOverMinimum:0.00} | {r.Throttled429} | {r.PeakWindowOverLimit:0.00} | {r.Seconds:0.0}/{r.BareSeconds:0.0} = {r.TimeOverBare:0.00} | {(r.TimeOverLowerBound is { } bound ? bound.ToString("0.00", CultureInfo.InvariantCulture) : "–")} | {r.AllocatedMiB:N0} MiB | {r.RssGrowthMiB:N0} MiB | {r.IncrementalRequests}/{r.IncrementalTarget} = {r.IncrementalOverTarget:0.00} |"));
        }

        return text.ToString();
    }
}
