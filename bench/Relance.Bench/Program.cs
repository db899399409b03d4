using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Relance.Connector.Host.Hosting;
using Relance.Domain;
using Relance.Engine.Connections;
using Relance.Engine.Sync;
using Relance.Ledger;
using Relance.Simulators.Hosting;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;

// Usage: dotnet run -c Release --project bench/Relance.Bench -- [invoices=100000]
var invoices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var dir = Directory.CreateTempSubdirectory("relance-bench").FullName;
var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));

var seeding = Stopwatch.StartNew();
await using var simulator = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = invoices, RateLimitPermits = 1_000_000 }, clock);
seeding.Stop();
clock.Advance(TimeSpan.FromHours(1));

var builder = RelanceHost.CreateBuilder([], new Dictionary<string, string?>
{
    ["Relance:DataDirectory"] = dir,
    ["Relance:PluginsDirectory"] = Path.Combine(dir, "plugins"),
    ["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(dir, "ledger.db")}",
    ["Relance:Connections:bench:Connector"] = "pennylane",
    ["Relance:Connections:bench:Sender:Name"] = "Bench",
    ["Relance:Connections:bench:Sender:Email"] = "bench@relance.example",
    ["Relance:Connections:bench:Settings:BaseAddress"] = simulator.BaseAddress.ToString(),
    ["Relance:Connections:bench:Settings:Token"] = simulator.Token,
    ["Relance:Connections:bench:Settings:RateLimitPermits"] = "10000",
    ["Logging:LogLevel:Default"] = "Warning",
}, scheduling: false);
builder.Services.AddSingleton(new RelanceClock(clock));
using var host = builder.Build();
await host.StartAsync();
var sync = host.Services.GetRequiredService<SyncService>();
var ledger = host.Services.GetRequiredService<IDunningLedger>();

var (full, fullTime, fullBytes) = await Measure(() => sync.RunAsync("bench", CancellationToken.None));
var fullRequests = simulator.Store.Requests.Count;

clock.Advance(TimeSpan.FromHours(6));
foreach (var invoice in simulator.Store.Invoices.Where((_, i) => i % 100 == 0))
{
    simulator.Store.Pay(invoice.Id, 1m);
}

simulator.Store.ClearRequests();
var (incremental, incrementalTime, incrementalBytes) = await Measure(() => sync.RunAsync("bench", CancellationToken.None));
var incrementalRequests = simulator.Store.Requests.Count;

var open = await ledger.GetOpenInvoicesAsync("bench", CancellationToken.None);
var policy = new DunningPolicy("default", [new("courtesy", -3, "courtesy"), new("friendly", 1, "friendly"), new("firm", 15, "firm")]);
var today = new DateOnly(2026, 3, 2);
var (due, decideTime, decideBytes) = await Measure(() => Task.FromResult(open.Count(o => EscalationSchedule.Decide(new InvoiceSituation(o.Invoice, []), policy, today).IsDue)));

Console.WriteLine($"Relance bench — {invoices:N0} simulated Pennylane invoices, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
Console.WriteLine();
Console.WriteLine("| scenario | records | requests | time | records/s | allocated |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
Console.WriteLine(Row("seed simulator", invoices, 0, seeding.Elapsed, 0));
Console.WriteLine(Row("full sync → SQLite ledger", full.Invoices + full.Customers, fullRequests, fullTime, fullBytes));
Console.WriteLine(Row("incremental sync (1 % changed)", incremental.Invoices + incremental.Customers, incrementalRequests, incrementalTime, incrementalBytes));
Console.WriteLine(Row($"schedule decisions ({due:N0} due)", open.Count, 0, decideTime, decideBytes));
await host.StopAsync();

// QuickBooks: query pages of 1000 and bulk customers, then CDC (2 % changed: saturated, so the query fallback runs).
await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = invoices, ScheduledPaymentShare = 0, RequestsPerMinute = 1_000_000 }, clock);
var (_, qboRefresh) = qbo.OAuth.IssueInitialTokens();
var qboBuilder = RelanceHost.CreateBuilder([], new Dictionary<string, string?>
{
    ["Relance:DataDirectory"] = dir,
    ["Relance:PluginsDirectory"] = Path.Combine(dir, "plugins"),
    ["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(dir, "ledger-qbo.db")}",
    ["Relance:Connections:qbo:Connector"] = "quickbooks",
    ["Relance:Connections:qbo:Sender:Name"] = "Bench",
    ["Relance:Connections:qbo:Sender:Email"] = "bench@relance.example",
    ["Relance:Connections:qbo:Settings:RealmId"] = qbo.RealmId,
    ["Relance:Connections:qbo:Settings:BaseAddress"] = qbo.Root.ToString(),
    ["Relance:Connections:qbo:Settings:TokenEndpoint"] = qbo.TokenEndpoint.ToString(),
    ["Relance:Connections:qbo:Settings:ClientId"] = qbo.Options.ClientId,
    ["Relance:Connections:qbo:Settings:ClientSecret"] = qbo.Options.ClientSecret,
    ["Relance:Connections:qbo:Settings:RefreshToken"] = qboRefresh,
    ["Relance:Connections:qbo:Settings:RequestsPerMinute"] = "10000",
    ["Relance:Connections:qbo:Settings:RequestsPerSecond"] = "1000",
    ["Logging:LogLevel:Default"] = "Warning",
}, scheduling: false);
qboBuilder.Services.AddSingleton(new RelanceClock(clock));
using var qboHost = qboBuilder.Build();
await qboHost.StartAsync();
var qboSync = qboHost.Services.GetRequiredService<SyncService>();
var (qboFull, qboFullTime, qboFullBytes) = await Measure(() => qboSync.RunAsync("qbo", CancellationToken.None));
var qboFullRequests = qbo.Store.Requests.Count;
clock.Advance(TimeSpan.FromHours(2));
foreach (var invoice in qbo.Store.Invoices.Where((i, n) => n % 100 == 0 && i.Balance > 1m))
{
    qbo.Store.Pay(invoice.Id, 1m);
}

qbo.Store.ClearRequests();
var (qboIncremental, qboIncrementalTime, qboIncrementalBytes) = await Measure(() => qboSync.RunAsync("qbo", CancellationToken.None));
Console.WriteLine(Row("QuickBooks full sync (query + bulk customers)", qboFull.Invoices + qboFull.Customers, qboFullRequests, qboFullTime, qboFullBytes));
Console.WriteLine(Row("QuickBooks incremental (CDC saturated → query fallback)", qboIncremental.Invoices + qboIncremental.Customers, qbo.Store.Requests.Count, qboIncrementalTime, qboIncrementalBytes));
await qboHost.StopAsync();
Directory.Delete(dir, recursive: true);

static async Task<(T Result, TimeSpan Elapsed, long Bytes)> Measure<T>(Func<Task<T>> action)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var result = await action();
    watch.Stop();
    return (result, watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
}

static string Row(string name, int records, int requests, TimeSpan elapsed, long bytes) =>
    string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {records:N0} | {requests:N0} | {elapsed.TotalSeconds:0.00} s | {(elapsed.TotalSeconds > 0 ? records / elapsed.TotalSeconds : 0):N0} | {bytes / 1024.0 / 1024.0:N1} MiB |");

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
