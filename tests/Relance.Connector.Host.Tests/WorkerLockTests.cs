using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class WorkerLockTests
{
    [Fact]
    public async Task A_second_worker_on_the_same_sqlite_data_folder_is_refused_and_the_first_goes_on()
    {
        using var dir = new TempDirectory();
        var settings = Settings.UnreachablePennylane("acme");
        var lockFile = Path.Combine(dir.Path, "data", "relance-worker.lock");
        using var first = RelanceProcess.Start(dir.Path, settings, "run");
        // Started: it holds the lock and its scheduler has created its store (then a moment for the rest).
        var quartz = Path.Combine(dir.Path, "data", "relance-quartz.db");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!(File.Exists(lockFile) && File.Exists(quartz)) && !first.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));

        var (exit, output) = await RelanceProcess.RunAsync(dir.Path, settings, "run");
        var firstStillRunning = !first.HasExited;
        first.Terminate();
        var (firstExit, firstOutput) = await first.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(firstStillRunning, "the first worker stopped when the second was refused");
        Assert.Equal(1, exit);
        Assert.Contains("Another Relance worker is already running on the data folder", output, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(0, firstExit);

        // Its start banner says where it works and when each connection runs next.
        Assert.Matches(@"Relance \S+: data folder \S+data, ledger Sqlite, job store Sqlite", firstOutput);
        Assert.Matches(@"Connection 'acme' \(pennylane\): next sync \w{3} \d{4}-\d{2}-\d{2} \d{2}:(00|30) \+0[12]:00, next dunning run \w{3} \d{4}-\d{2}-\d{2} 09:30 \+0[12]:00", firstOutput);
        Assert.False(File.Exists(lockFile), "the lock goes with the worker that held it");
    }
}
