using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;
using Xunit.Abstractions;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// The data folder on a real file system that fills up mid-run (a 1 MB tmpfs): nothing is recorded as sent that was
/// not written, nothing written goes unrecorded, and once there is room again each reminder goes exactly once.
/// Needs the right to mount (CI runs as root); where it is refused the test says so and proves nothing.
/// </summary>
[Trait("Suite", "Crash")]
public sealed class FullDiskTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_data_folder_that_fills_up_mid_run_records_exactly_what_was_written_and_the_next_run_sends_the_rest_once()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempDirectory();
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        if (Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data) != 0)
        {
            output.WriteLine("mount refused here: the full-disk case was not exercised");
            Relance.Connectors.Tests.SuiteCounters.Report("full disk", "not run (mount refused)");
            return;
        }

        try
        {
            var clock = new FakeTimeProvider(Morning);
            var today = DateOnly.FromDateTime(Morning.UtcDateTime);
            await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 100_000 }, clock, seed: false);
            for (var i = 1; i <= 150; i++)
            {
                pennylane.Store.AddCustomer(new SimCustomer { Id = 1000 + i, Name = $"Client {i} SARL", Emails = [$"c{i}@full.example"] }, Morning.AddDays(-90));
                pennylane.Store.AddInvoice(new SimInvoice { Id = 50000 + i, Number = $"F-{50000 + i}", CustomerId = 1000 + i, Date = today.AddDays(-40), Deadline = today.AddDays(-10), Total = 100m, Remaining = 100m }, Morning.AddDays(-40));
            }

            var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
            settings["Relance:Delivery:Mode"] = "Outbox";
            string? failure = null;
            using (var host = await RelanceTestHost.StartAsync(data, settings, clock))
            {
                try
                {
                    await host.Sync.RunAsync("acme", CancellationToken.None);
                    var report = await host.Dunning.RunAsync("acme", CancellationToken.None);
                    failure = string.Join("; ", report.Outcomes.Where(o => o.Kind is OutcomeKind.Failed or OutcomeKind.Unsure).Select(o => o.Detail).Distinct().Take(2));
                }
                catch (Exception ex) when (ex is IOException or LedgerUnavailableException or Microsoft.Data.Sqlite.SqliteException)
                {
                    failure = ex.GetType().Name + ": " + ex.Message;
                }
            }

            var written = Emls(data);
            Assert.True(written.Count < 150, "the folder never filled up: nothing was tested");
            Assert.False(string.IsNullOrEmpty(failure), "the run filled the disk without saying so");

            // Room again: the same folder, grown.
            Assert.Equal(0, Run("mount", "-o", "remount,size=64m", data));
            using (var host = await RelanceTestHost.StartAsync(data, settings, clock))
            {
                var actions = await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
                var unsure = actions.Where(a => a.State == ActionState.Unsure).ToList();

                // Everything recorded as sent was written; a file written without its record is only ever "unsure".
                Assert.Subset(written.ToHashSet(), LedgerExpectations.SentMessageIds(actions).ToHashSet());
                foreach (var action in unsure)
                {
                    await host.Ledger.TransitionAsync(action.Id, ActionState.Unsure, written.Contains(action.Id) ? ActionState.Sent : ActionState.Failed, "settled by the test as the outbox shows", clock.GetUtcNow(), CancellationToken.None);
                }

                clock.Advance(TimeSpan.FromMinutes(30));
                await host.Dunning.RunAsync("acme", CancellationToken.None);
                var after = Emls(data);
                output.WriteLine($"full after {written.Count} e-mails ({failure}); {unsure.Count} unsure settled; after room was made: {after.Count} e-mails for 150 invoices");
                Relance.Connectors.Tests.SuiteCounters.Report("full disk", $"filled after {written.Count} of 150 e-mails; {unsure.Count} unsure; after room was made {after.Count} e-mails, one per invoice");
                Assert.Equal(150, after.Count);
                Assert.Equal(150, (await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None)).Count(a => a.State == ActionState.Sent));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Run("umount", "-l", data);
        }
    }

    private static List<string> Emls(string data) =>
        Directory.Exists(Path.Combine(data, "outbox"))
            ? Directory.GetFiles(Path.Combine(data, "outbox"), "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)!).ToList()
            : [];

    private static int Run(string tool, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
