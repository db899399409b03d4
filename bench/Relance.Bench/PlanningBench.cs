using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relance.Connector.Host.Hosting;
using Relance.Connectors;
using Relance.Domain;
using Relance.Engine.Connections;
using Relance.Ledger;
using Relance.Simulators.Hosting;

namespace Relance.Bench;

/// <summary>Planning over a ledger of open invoices: read them back from SQLite and decide each one's step.</summary>
internal static class PlanningBench
{
    public static async Task<PlanResult> RunAsync(int invoices)
    {
        var dir = Directory.CreateTempSubdirectory("relance-plan").FullName;
        try
        {
            var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
            var builder = RelanceHost.CreateBuilder([], new Dictionary<string, string?>
            {
                ["Relance:DataDirectory"] = dir,
                ["Relance:PluginsDirectory"] = Path.Combine(dir, "plugins"),
                ["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(dir, "ledger.db")}",
                ["Relance:Connections:plan:Connector"] = "pennylane",
                ["Relance:Connections:plan:Sender:Name"] = "Bench",
                ["Relance:Connections:plan:Sender:Email"] = "bench@relance.example",
                ["Relance:Connections:plan:Settings:Token"] = "unused",
                ["Relance:Connections:plan:Settings:BaseAddress"] = "http://127.0.0.1:9/",
                ["Logging:LogLevel:Default"] = "Warning",
            }, scheduling: false);
            builder.Services.AddSingleton(new RelanceClock(clock));
            using var host = builder.Build();
            await host.StartAsync();
            var ledger = host.Services.GetRequiredService<IDunningLedger>();

            var fill = Stopwatch.StartNew();
            var today = new DateOnly(2026, 3, 2);
            for (var start = 0; start < invoices; start += 10_000)
            {
                var batch = new List<SyncMessage>(10_100);
                for (var i = start; i < Math.Min(invoices, start + 10_000); i++)
                {
                    var id = i.ToString(CultureInfo.InvariantCulture);
                    var total = new Money(100m + i % 900, "EUR");
                    batch.Add(new InvoiceRecord(new Invoice(id, $"F-{id}", (i % 30_000).ToString(CultureInfo.InvariantCulture), today.AddDays(-60 + i % 90), today.AddDays(-30 + i % 90), total, total, InvoiceStatus.Open)));
                }

                if (start < 30_000)
                {
                    batch.AddRange(Enumerable.Range(start, 10_000).Select(c => new CustomerRecord(new Customer(c.ToString(CultureInfo.InvariantCulture), $"Customer {c}", [$"c{c}@example.com"]))));
                }

                await ledger.StoreAsync("plan", batch, null, clock.GetUtcNow(), CancellationToken.None);
            }

            fill.Stop();
            var policy = new DunningPolicy("default", [new("courtesy", -3, "courtesy"), new("friendly", 1, "friendly"), new("firm", 15, "firm")]);
            GC.Collect();
            await using var memory = new MemorySampler();
            var read = Stopwatch.StartNew();
            var open = await ledger.GetOpenInvoicesAsync("plan", CancellationToken.None);
            read.Stop();
            var decide = Stopwatch.StartNew();
            var due = open.Count(o => EscalationSchedule.Decide(new InvoiceSituation(o.Invoice, []), policy, today).IsDue);
            decide.Stop();
            await host.StopAsync();
            var peak = memory.PeakBytes;
            return new PlanResult(open.Count, due, Math.Round(fill.Elapsed.TotalSeconds, 1), Math.Round(read.Elapsed.TotalSeconds, 2), Math.Round(decide.Elapsed.TotalSeconds, 2),
                (long)(open.Count / (read.Elapsed + decide.Elapsed).TotalSeconds), (long)(open.Count / decide.Elapsed.TotalSeconds), peak / 1024 / 1024, memory.GrowthBytes / 1024 / 1024);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>One thread does the reading and the deciding: per second and per core are the same figure.</summary>
internal sealed record PlanResult(int OpenInvoices, int Due, double FillSeconds, double ReadSeconds, double DecideSeconds, long InvoicesPerSecondPerCore, long DecisionsPerSecond, long PeakRssMiB, long RssGrowthMiB)
{
    public string Table() => string.Create(CultureInfo.InvariantCulture,
        $"""
        | planning | open invoices | due | read from SQLite | decide | invoices/s/core (read + decide) | decisions/s | peak RSS | RSS growth |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        | ledger → schedule | {OpenInvoices:N0} | {Due:N0} | {ReadSeconds:0.00} s | {DecideSeconds:0.00} s | {InvoicesPerSecondPerCore:N0} | {DecisionsPerSecond:N0} | {PeakRssMiB:N0} MiB | {RssGrowthMiB:N0} MiB |
        """);
}
