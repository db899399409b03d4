using Microsoft.Extensions.Time.Testing;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class LedgerProblemTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_corrupt_ledger_is_one_message_with_its_path_from_every_verb_and_is_left_untouched()
    {
        using var dir = new TempDirectory();
        var ledger = dir.File("ledger.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(ledger, garbage);
        var settings = Settings.Merge(Connection(), new Dictionary<string, string?>());

        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));
        var pending = await Cli(dir.Path, settings, "pending");
        var history = await Cli(dir.Path, settings, "history", "--invoice", "7001");

        Assert.Contains(Path.GetFullPath(ledger), error.Message, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, pending);
        Assert.Equal(1, history);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(ledger));
    }

    [Fact]
    public async Task A_ledger_that_cannot_be_written_is_refused_at_start_not_at_the_first_send()
    {
        using var dir = new TempDirectory();
        var ledger = dir.File("ledger.db");
        using (var writable = await RelanceTestHost.StartAsync(dir.Path, Connection(), Clock))
        {
            await writable.StopAsync();
        }

        var settings = Settings.Merge(Connection(), new Dictionary<string, string?> { ["Relance:Ledger:ConnectionString"] = $"Data Source={ledger};Mode=ReadOnly" });

        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(Path.GetFullPath(ledger), error.Message, StringComparison.Ordinal);
        Assert.Contains("write access", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Cli(dir.Path, settings, "pending"));
    }

    [Fact]
    public async Task A_ledger_cut_short_by_a_torn_write_is_refused_with_its_path_and_never_reset()
    {
        using var dir = new TempDirectory();
        var ledger = dir.File("ledger.db");
        using (var host = await RelanceTestHost.StartAsync(dir.Path, Connection(), Clock))
        {
            for (var i = 0; i < 400; i++)
            {
                await host.RecordSentAsync("acme", $"inv-{i}", $"cust-{i}", Clock.GetUtcNow(), "friendly", "firm");
            }

            await host.StopAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var whole = await File.ReadAllBytesAsync(ledger);
        var torn = whole[..(whole.Length / 2)];
        await File.WriteAllBytesAsync(ledger, torn);

        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(() => RelanceTestHost.StartAsync(dir.Path, Connection(), Clock));

        Assert.Contains(Path.GetFullPath(ledger), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Cli(dir.Path, Connection(), "pending"));
        Assert.Equal(torn, await File.ReadAllBytesAsync(ledger));
    }

    private static Dictionary<string, string?> Connection() => Settings.UnreachablePennylane("acme");

    private static Task<int> Cli(string dataDirectory, Dictionary<string, string?> settings, params string[] args) =>
        RelanceTestHost.RunCliAsync(dataDirectory, settings, Clock, args);
}
