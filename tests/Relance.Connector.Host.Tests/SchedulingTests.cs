using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Relance.Connector.Host.Scheduling;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Quartz_creates_its_sqlite_store_and_runs_the_connection_job_on_its_cron()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, clock);
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), new Dictionary<string, string?>
        {
            ["Relance:Connections:acme:SyncCron"] = "0/1 * * * * ?",
            ["Relance:Connections:acme:DunningCron"] = "0 0 3 1 1 ? 2099",
        });

        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock, scheduling: true);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = await scheduler.GetJobDetail(ConnectionJob.KeyFor("acme"));
        var triggers = await scheduler.GetTriggersOfJob(ConnectionJob.KeyFor("acme"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await host.Ledger.GetCursorAsync("acme", CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.NotNull(await host.Ledger.GetCursorAsync("acme", CancellationToken.None));
        Assert.NotNull(job);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal(2, triggers.Count);
        await host.StopAsync();

        await using var db = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "relance-quartz.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'connection:acme'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
