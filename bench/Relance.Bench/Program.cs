using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Relance.Bench;

// dotnet run -c Release --project bench/Relance.Bench -- [--sizes 2000,20000,100000] [--platforms pennylane,quickbooks,axonaut]
//     [--time-scale 20] [--latency-ms 0] [--plan-invoices 1000000] [--axonaut-max 20000] [--out bench/results]
var options = BenchOptions.Parse(args);
var started = Stopwatch.StartNew();
Console.WriteLine($"Relance bench — {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, limits time-compressed ×{options.TimeScale}, latency {options.LatencyMs} ms");
Console.WriteLine();

var syncs = new List<SyncResult>();
foreach (var platform in options.Platforms)
{
    foreach (var size in options.Sizes)
    {
        if (platform == "axonaut" && size > options.AxonautMax)
        {
            // Paced at 2 requests a second (no documented limit), a read of this size takes more than the bench's budget.
            Console.WriteLine($"Axonaut {size:N0}: not run (over --axonaut-max {options.AxonautMax:N0}: at the paced rate it alone would take more than the 10-minute budget)");
            continue;
        }

        var result = await SyncBench.RunAsync(platform, size, options);
        syncs.Add(result);
        Console.WriteLine(result.Line());
    }
}

Console.WriteLine();
Console.WriteLine(SyncResult.Table(syncs));

PlanResult? plan = null;
if (options.PlanInvoices > 0)
{
    plan = await PlanningBench.RunAsync(options.PlanInvoices);
    Console.WriteLine();
    Console.WriteLine(plan.Table());
}

Directory.CreateDirectory(options.Out);
var json = JsonSerializer.Serialize(new { machine = new { cores = Environment.ProcessorCount, runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription }, options, syncs, plan, seconds = Math.Round(started.Elapsed.TotalSeconds) }, new JsonSerializerOptions { WriteIndented = true });
var file = Path.Combine(options.Out, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmm}.json");
await File.WriteAllTextAsync(file, json);
await File.WriteAllTextAsync(Path.Combine(options.Out, "latest.json"), json);
Console.WriteLine();
Console.WriteLine($"Results: {file} ({started.Elapsed.TotalMinutes:0.0} min)");

internal sealed record BenchOptions(IReadOnlyList<int> Sizes, IReadOnlyList<string> Platforms, int TimeScale, int LatencyMs, int PlanInvoices, string Out, int AxonautMax)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            (Value("--sizes") ?? "2000,20000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
            (Value("--platforms") ?? "pennylane,quickbooks,axonaut").Split(',').Select(p => p.Trim().ToLowerInvariant()).ToList(),
            Number("--time-scale", 20),
            Number("--latency-ms", 0),
            Number("--plan-invoices", 1_000_000),
            Value("--out") ?? Path.Combine(FindRoot(), "bench", "results"),
            Number("--axonaut-max", 20_000));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Relance.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
