using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public sealed class ClusterTests(PostgresFixture postgres)
{
    [SkippableFact]
    public async Task Two_hosts_on_postgres_share_the_rotated_quickbooks_token_and_refresh_once()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero));
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 20, Latency = TimeSpan.FromMilliseconds(10) }, clock);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        var settings = Settings.Merge(
            RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh),
            new Dictionary<string, string?> { ["Relance:Ledger:Provider"] = "Postgres", ["Relance:Ledger:ConnectionString"] = database });
        using var a = await RelanceTestHost.StartAsync(dirA.Path, settings, clock);
        using var b = await RelanceTestHost.StartAsync(dirB.Path, settings, clock);

        // Each host has its own data folder: only the shared ledger can carry the rotated token from one to the other.
        await Task.WhenAll(a.Sync.RunAsync("qbo", CancellationToken.None), b.Sync.RunAsync("qbo", CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(2));
        await a.Sync.RunAsync("qbo", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        var last = await b.Sync.RunAsync("qbo", CancellationToken.None);

        Assert.False(last.FullSnapshot);
        Assert.Equal(3, qbo.OAuth.Refreshes);
        Assert.Equal(0, qbo.OAuth.RejectedRefreshes);
        Assert.False(File.Exists(Path.Combine(dirA.Path, "credentials.json")));
    }

    [SkippableFact]
    public async Task Two_hosts_clustered_on_postgres_send_each_reminder_once()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero));
        await using var smtp = SmtpTestServer.Start();
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000, ScheduledPaymentShare = 0 }, clock);
        var settings = Settings.Merge(
            RelanceTestHost.PennylaneConnection("acme", pennylane),
            RelanceTestHost.Smtp(smtp),
            new Dictionary<string, string?>
            {
                ["Relance:Ledger:Provider"] = "Postgres",
                ["Relance:Ledger:ConnectionString"] = database,
                ["Relance:Scheduling:Store"] = "Postgres",
                ["Relance:Scheduling:ConnectionString"] = database,
                ["Relance:Connections:acme:SyncCron"] = "0 0 3 1 1 ? 2099",
                ["Relance:Connections:acme:DunningCron"] = "0/1 * * * * ?",
            });

        using var a = await RelanceTestHost.StartAsync(dirA.Path, settings, clock, scheduling: true);
        using var b = await RelanceTestHost.StartAsync(dirB.Path, settings, clock, scheduling: true);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (smtp.Messages.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        // Let both nodes fire several more times: nothing new may go out.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var instances = await CountAsync(database, "SELECT COUNT(*) FROM qrtz_scheduler_state");
        await a.StopAsync();
        await b.StopAsync();

        var actions = await a.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        var sent = actions.Where(x => x.State == ActionState.Sent).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Order(), smtp.Messages.Select(m => m.MessageId!.Replace("@relance", "", StringComparison.Ordinal)).Order());
        Assert.Equal(smtp.Messages.Count, smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(actions.Count(x => x.NoteState == NoteState.Written), pennylane.Store.Comments.Count);
        Assert.Equal(pennylane.Store.Comments.Count, pennylane.Store.Comments.Select(c => c.Content[^34..]).Distinct().Count());
        Assert.Equal(2L, instances);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
