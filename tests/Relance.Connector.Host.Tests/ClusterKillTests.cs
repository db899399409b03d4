using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;
using Xunit.Abstractions;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// Two or three workers as child processes on one PostgreSQL (ledger and Quartz clustering), several connections with many
/// due invoices; one worker is killed (SIGKILL) mid-run. Counted from outside: e-mails per customer, notes, actions.
/// <c>RELANCE_CLUSTER_INVOICES</c> sets the number of due invoices: in CI 1 000 with two workers and 3 000 with three; 10 000 for the long mode.
/// </summary>
[Collection("postgres")]
[Trait("Suite", "Crash")]
public sealed partial class ClusterKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Connections = 4;

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Workers_on_postgres_one_killed_mid_run_send_every_reminder_once_and_the_survivors_finish(int count)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var total = int.TryParse(Environment.GetEnvironmentVariable("RELANCE_CLUSTER_INVOICES"), CultureInfo.InvariantCulture, out var configured) ? configured : (count == 2 ? 1000 : 3000);
        var perConnection = total / Connections;
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var smtp = SmtpTestServer.Start();
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        if (now.TimeOfDay > new TimeSpan(23, 45, 0))
        {
            // A new day mid-test would make a new step due: legitimate second e-mails, counted as duplicates.
            await Task.Delay(TimeSpan.FromDays(1) - now.TimeOfDay + TimeSpan.FromSeconds(5));
            now = clock.GetUtcNow();
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var simulators = new List<PennylaneSimulator>();
        var settings = Settings.Merge(RelanceTestHost.Smtp(smtp), new Dictionary<string, string?>
        {
            ["Relance:Ledger:Provider"] = "Postgres",
            ["Relance:Ledger:ConnectionString"] = database,
            ["Relance:Scheduling:Store"] = "Postgres",
            ["Relance:Scheduling:ConnectionString"] = database,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        try
        {
            for (var c = 0; c < Connections; c++)
            {
                var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1_000_000 }, clock, seed: false);
                simulators.Add(pennylane);
                for (var i = 1; i <= perConnection; i++)
                {
                    var id = (c * 100_000) + i;
                    pennylane.Store.AddCustomer(new SimCustomer { Id = id, Name = $"Client {id} SARL", Emails = [$"c{id}@cluster.example"] }, now.AddDays(-60));
                    pennylane.Store.AddInvoice(new SimInvoice { Id = 500_000 + id, Number = $"F-{id}", CustomerId = id, Date = today.AddDays(-40), Deadline = today.AddDays(-10), Total = 100m, Remaining = 100m }, now.AddDays(-40));
                }

                var name = $"acme{c}";
                foreach (var (key, value) in RelanceTestHost.PennylaneConnection(name, pennylane))
                {
                    settings[key] = value;
                }

                settings[$"Relance:Connections:{name}:Calendar"] = "none";
                settings[$"Relance:Connections:{name}:Weekends"] = "true";
                settings[$"Relance:Connections:{name}:SendingWindow"] = "00:00-23:59";
                settings[$"Relance:Connections:{name}:TimeZone"] = "UTC";
                settings[$"Relance:Connections:{name}:SyncCron"] = "0/10 * * * * ?";
                settings[$"Relance:Connections:{name}:DunningCron"] = "0/3 * * * * ?";

                // The simulators share one token, and Pennylane's documented 25 requests / 5 s per token would make
                // this a test of the limiter (5 notes a second for the whole cluster).
                settings[$"Relance:Connections:{name}:Settings:RateLimitPermits"] = "10000";
            }

            using var dirs = new TempDirectory();
            var workers = Enumerable.Range(0, count).Select(w =>
            {
                var folder = Directory.CreateDirectory(Path.Combine(dirs.Path, $"worker{w}")).FullName;
                var own = new Dictionary<string, string?>(settings) { ["Relance:DataDirectory"] = Path.Combine(folder, "data") };
                return RelanceProcess.Start(folder, own, "run");
            }).ToList();

            var watch = Stopwatch.StartNew();
            while (smtp.Messages.Count < total / 5 && watch.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(100);
            }

            foreach (var worker in workers.Where(w => w.HasExited))
            {
                var (exit, text) = await worker.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"a worker stopped on its own (exit {exit}): {text}");
            }

            var atKill = smtp.Messages.Count;
            await workers[0].KillAsync();

            // The survivors finish: wait until the e-mails stop coming. Quartz takes the dead node's jobs back once its
            // check-ins have stopped (about 15 s with the default intervals): the quiet spell allowed is longer.
            var last = -1;
            var quietSince = watch.Elapsed;
            while (watch.Elapsed < TimeSpan.FromMinutes(Math.Min(total / 1000, 10)) + TimeSpan.FromMinutes(3) && watch.Elapsed - quietSince < TimeSpan.FromSeconds(45))
            {
                await Task.Delay(1000);
                if (smtp.Messages.Count != last)
                {
                    last = smtp.Messages.Count;
                    quietSince = watch.Elapsed;
                }

                if (last == total)
                {
                    await Task.Delay(TimeSpan.FromSeconds(6));
                    break;
                }
            }

            foreach (var worker in workers.Skip(1))
            {
                worker.Terminate();
            }

            var printed = new List<string>();
            foreach (var worker in workers.Skip(1))
            {
                var (exit, text) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
                printed.Add(text);
            }

            var ledger = new PostgresDunningLedger(Options.Create(new LedgerOptions { Provider = LedgerProvider.Postgres, ConnectionString = database }));
            var actions = new List<LedgerAction>();
            for (var c = 0; c < Connections; c++)
            {
                actions.AddRange(await ledger.GetActionsAsync($"acme{c}", null, CancellationToken.None));
            }

            var messages = smtp.Messages;
            var perRecipient = messages.SelectMany(m => m.To.Mailboxes.Select(a => a.Address)).GroupBy(a => a, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var duplicates = perRecipient.Values.Sum(n => n - 1);
            var unsure = actions.Where(a => a.State == ActionState.Unsure).ToList();
            var unsureInvoices = unsure.Select(a => a.InvoiceId).ToHashSet(StringComparer.Ordinal);
            var lost = Enumerable.Range(0, Connections).SelectMany(c => Enumerable.Range(1, perConnection).Select(i => (c * 100_000) + i))
                .Count(id => !perRecipient.ContainsKey($"c{id}@cluster.example") && !unsureInvoices.Contains((500_000 + id).ToString(CultureInfo.InvariantCulture)));
            var markers = simulators.SelectMany(s => s.Store.Comments).Select(c => Marker().Match(c.Content).Value).ToList();
            var duplicateNotes = markers.Count - markers.Distinct(StringComparer.Ordinal).Count();
            Relance.Connectors.Tests.SuiteCounters.Report("cluster", string.Create(CultureInfo.InvariantCulture, $"{total} due invoices, {count} workers, one killed after {atKill} e-mails; {messages.Count} e-mails; duplicates {duplicates}; lost {lost}; unsure {unsure.Count} (reported); duplicate notes {duplicateNotes}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} due invoices over {Connections} connections, {count} workers, one killed after {atKill} e-mails; {messages.Count} e-mails in {watch.Elapsed.TotalSeconds:F0} s; duplicates {duplicates}; lost {lost}; unsure {unsure.Count} (reported); notes {markers.Count}, duplicate notes {duplicateNotes}; claimed left {actions.Count(a => a.State == ActionState.Claimed)}"));

            Assert.True(atKill < total, "the kill came after the run: nothing was tested");
            Assert.Equal(0, duplicates);
            Assert.Equal(0, duplicateNotes);
            Assert.Equal(0, lost);
            Assert.Equal(messages.Count, messages.Select(m => m.MessageId).Distinct().Count());
            Assert.All(printed, text => Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    [GeneratedRegex(@"\[relance:[^\]]+\]")]
    private static partial Regex Marker();
}
