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
