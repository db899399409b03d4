using Relance.Connector.Host.Cli;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class CliVerbTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Validate_exits_0_on_good_configuration_and_1_on_a_mistake()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var broken = Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Connections:acme:TimeZone"] = "Mars/Olympus" });

        Assert.Equal(0, await Run(road, road.Settings, "validate"));
        Assert.Equal(1, await Run(road, broken, "validate"));
    }

    [Fact]
    public async Task Validate_prints_each_connection_with_its_address_policy_calendar_and_next_job_times()
    {
        using var dir = new TempDirectory();
        var settings = Settings.Merge(Settings.UnreachablePennylane("acme"), new Dictionary<string, string?>
        {
            ["Relance:Connections:prod:Connector"] = "pennylane",
            ["Relance:Connections:prod:Country"] = "FR",
            ["Relance:Connections:prod:Sender:Name"] = "Prod",
            ["Relance:Connections:prod:Sender:Email"] = "prod@acme.example",
            ["Relance:Connections:prod:Settings:Token"] = "t",
            ["Relance:Connections:prod:DunningCron"] = "0 0 8 ? * MON",
        });

        var (exit, output) = await RelanceProcess.RunAsync(dir.Path, settings, "validate");

        Assert.True(exit == 0, output);
        Assert.Matches(@"Connection 'acme': pennylane at http://127\.0\.0\.1:\d+/\S*; policy 'default' \([^)]*formal-notice[^)]*\); calendar fr, time zone Europe/Paris, amounts written fr-FR\.", output);
        Assert.Contains("Connection 'prod': pennylane at the connector's default (the production platform);", output, StringComparison.Ordinal);
        Assert.Matches(@"Connection 'acme', sync '0 0/30 \* \* \* \?': next \w{3} \d{4}-\d{2}-\d{2} \d{2}:(00|30) \+0[12]:00, ", output);
        Assert.Matches(@"Connection 'prod', sync .*; dunning '0 0 8 \? \* MON': next Mon \d{4}-\d{2}-\d{2} 08:00 \+0[12]:00, Mon \d{4}-\d{2}-\d{2} 08:00 \+0[12]:00, Mon ", output);
    }

    [Fact]
    public async Task Rates_as_json_list_every_entry_with_its_confirmation_for_a_script()
    {
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = await RelanceProcess.RunApartAsync(dir.Path, Settings.UnreachablePennylane("acme"), "rates", "--format", "json");

        Assert.True(exit == 0, stdout + stderr);
        var rows = System.Text.Json.JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("series").GetString() == "Ecb" && r.GetProperty("confirmed").GetString() == "yes" && r.GetProperty("confirmed_through").GetString() == "2026-06-10");
        Assert.Contains(rows, r => r.GetProperty("confirmed").GetString() == "no");
        Assert.All(rows, r => Assert.True(r.GetProperty("percent").GetDecimal() is > -1m and < 20m));
        Assert.Equal(["BankOfEngland", "Ecb", "FrenchLegal"], rows.Select(r => r.GetProperty("series").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task Connectors_check_exits_0_when_the_platform_answers_and_1_on_a_bad_token()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var badToken = Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Connections:acme:Settings:Token"] = "revoked" });

        Assert.Equal(0, await Run(road, road.Settings, "connectors", "check"));
        Assert.Equal(1, await Run(road, badToken, "connectors", "check", "--connection", "acme"));
        Assert.Equal(1, await Run(road, road.Settings, "connectors", "check", "--connection", "nope"));
    }

    [Fact]
    public async Task Sync_reads_the_platform_into_the_ledger_and_history_shows_what_happened()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);

        Assert.Equal(0, await Run(road, road.Settings, "sync"));
        using (var host = await road.StartHostAsync())
        {
            Assert.Single(await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None));
            await host.Dunning.RunAsync("acme", CancellationToken.None);
        }

        Assert.Equal(0, await Run(road, road.Settings, "history", "--invoice", "7001"));
        Assert.Equal(1, await Run(road, road.Settings, "history", "--invoice", "9999"));
        Assert.Equal(0, await Run(road, road.Settings, "plan", "--sync", "--format", "csv"));
        Assert.Single(road.Smtp.Messages);
    }

    private static Task<int> Run(Road road, Dictionary<string, string?> settings, params string[] args) =>
        RelanceCli.Create(() => RelanceTestHost.Build(road.Directory.Path, settings, road.Clock)).Parse(args).InvokeAsync();
}
