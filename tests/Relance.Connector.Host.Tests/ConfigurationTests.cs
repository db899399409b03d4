using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relance.Engine.Connections;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class ConfigurationTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Unknown_connector_type_fails_at_start_naming_the_key()
    {
        using var dir = new TempDirectory();
        var settings = Connection("acme", ("Connector", "pennylame"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Connector: unknown connector type 'pennylame'", StringComparison.Ordinal) && f.Contains("pennylane", StringComparison.Ordinal));
    }

    [Trait("Suite", "Hostile")]
    [Theory]
    [InlineData("../outside")]
    [InlineData("acme corp")]
    public async Task A_connection_name_that_could_leave_a_folder_or_break_a_line_is_refused_at_start(string name)
    {
        using var dir = new TempDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, Connection(name), Clock));

        Assert.Contains(error.Failures, f => f.StartsWith($"Relance:Connections:{name}: a connection name is 1 to 64 letters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_mistake_of_a_connection_is_reported_with_its_key_path()
    {
        using var dir = new TempDirectory();
        var settings = Connection("acme", ("TimeZone", "Europe/Pariss"), ("Sender:Email", "not-an-address"), ("Settings:Token", ""), ("DunningCron", "every morning"), ("Policy", "strict"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:TimeZone:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Sender:Email:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Settings:Token:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:DunningCron:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Policy: no policy named 'strict'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policy_mistakes_name_the_step()
    {
        using var dir = new TempDirectory();
        var settings = Settings.Merge(Connection("acme"), new Dictionary<string, string?>
        {
            ["Relance:Policies:default:Steps:0:Name"] = "friendly",
            ["Relance:Policies:default:Steps:0:OffsetDays"] = "5",
            ["Relance:Policies:default:Steps:0:Template"] = "friendly",
            ["Relance:Policies:default:Steps:1:Name"] = "friendly",
            ["Relance:Policies:default:Steps:1:OffsetDays"] = "2",
            ["Relance:Policies:default:Steps:1:Template"] = "threatening",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Policies:default:Steps:1:Name: 'friendly' is used by an earlier step", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Policies:default:Steps:1:OffsetDays:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Policies:default:Steps:1:Template: no template named 'threatening'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Smtp_mode_without_a_host_fails_at_start()
    {
        using var dir = new TempDirectory();
        var settings = Settings.Merge(Connection("acme"), new Dictionary<string, string?> { ["Relance:Delivery:Mode"] = "Smtp" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Delivery:Smtp:Host is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secret_reference_is_resolved_from_configuration_and_never_required_in_clear()
    {
        using var dir = new TempDirectory();
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, Clock);
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane, token: "secret:acme-pennylane-token"), new Dictionary<string, string?>
        {
            ["Relance:Secrets:acme-pennylane-token"] = pennylane.Token,
        });

        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, Clock);
        var connection = await host.Services.GetRequiredService<ConnectionFactory>().CreateAsync("acme", CancellationToken.None);
        var check = await connection.Connector.CheckAsync(CancellationToken.None);

        Assert.True(check.Succeeded, check.Message);
    }

    [Fact]
    public async Task Missing_secret_fails_at_start_naming_both_keys()
    {
        using var dir = new TempDirectory();
        var settings = Connection("acme", ("Settings:Token", "secret:nowhere"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Settings:Token: refers to secret 'nowhere'", StringComparison.Ordinal) && f.Contains("Relance:Secrets:nowhere", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, "None")]
    [InlineData("US", null, "None")]
    [InlineData("fr", null, "France")]
    [InlineData("GB", "uk", "UnitedKingdom")]
    public async Task Without_a_law_section_the_law_follows_the_country_and_is_never_guessed(string? country, string? calendar, string expected)
    {
        using var dir = new TempDirectory();
        var overrides = new List<(string, string)>();
        if (country is not null)
        {
            overrides.Add(("Country", country));
        }

        if (calendar is not null)
        {
            overrides.Add(("Calendar", calendar));
        }

        using var host = await RelanceTestHost.StartAsync(dir.Path, Connection("acme", [.. overrides]), Clock);
        var connection = await host.Services.GetRequiredService<ConnectionFactory>().CreateAsync("acme", CancellationToken.None);

        Assert.Equal(expected, connection.LawFor(null).Jurisdiction.ToString());
    }

    [Fact]
    public async Task A_law_taken_from_the_country_that_contradicts_the_calendar_is_refused_unless_stated()
    {
        using var dir = new TempDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, Connection("acme", ("Country", "FR"), ("Calendar", "uk")), Clock));
        using var stated = await RelanceTestHost.StartAsync(dir.Path, Connection("acme", ("Country", "FR"), ("Calendar", "uk"), ("Law:Jurisdiction", "France")), Clock);
        var badCountry = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, Connection("acme", ("Country", "France")), Clock));

        Assert.Contains(error.Failures, f => f.StartsWith("Relance:Connections:acme:Calendar: 'uk' contradicts Country FR", StringComparison.Ordinal));
        Assert.Contains(badCountry.Failures, f => f.StartsWith("Relance:Connections:acme:Country: 'France' is not a two-letter country code", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Connection(string name, params (string Key, string Value)[] overrides) =>
        Settings.UnreachablePennylane(name, overrides);
}
