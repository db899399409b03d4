using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// A typo in appsettings is an error with its key path, never a setting silently ignored: each case starts from a
/// valid connection, breaks one key, and must fail at start (what `validate`, `run` and every verb do first).
/// </summary>
public sealed class StrictConfigurationTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("Relance:Conections:other:Connector", "pennylane", "Relance:Conections: unknown setting, ignored by Relance; did you mean 'Connections'?")]
    [InlineData("Relance:DataDirectry", "data", "Relance:DataDirectry: unknown setting, ignored by Relance; did you mean 'DataDirectory'?")]
    [InlineData("Relance:Delivry:Mode", "Outbox", "did you mean 'Delivery'?")]
    [InlineData("Relance:Connections:acme:Enabled", "yes", "Relance:Connections:acme:Enabled: 'yes' is not true or false.")]
    [InlineData("Relance:Connections:acme:Weekends", "1", "Relance:Connections:acme:Weekends: '1' is not true or false.")]
    [InlineData("Relance:Connections:acme:Law:Jurisdiction", "FR", "Relance:Connections:acme:Law:Jurisdiction: 'FR' is not one of None, France, UnitedKingdom")]
    [InlineData("Relance:Connections:acme:Law:Jurisdiction", "Frence", "(did you mean 'France'?)")]
    [InlineData("Relance:Connections:acme:Law:ContractRatePercent", "10%", "Relance:Connections:acme:Law:ContractRatePercent: '10%' is not a number")]
    [InlineData("Relance:Connections:acme:Law:BusinessToBusiness", "oui", "Relance:Connections:acme:Law:BusinessToBusiness: 'oui' is not true or false.")]
    [InlineData("Relance:Connections:acme:TimeZon", "Europe/Paris", "Relance:Connections:acme:TimeZon: unknown setting, ignored by Relance; did you mean 'TimeZone'?")]
    [InlineData("Relance:Connections:acme:Sender:Emial", "a@b.example", "Relance:Connections:acme:Sender:Emial: unknown setting, ignored by Relance; did you mean 'Email'?")]
    [InlineData("Relance:Connections:acme:Law", "France", "Relance:Connections:acme:Law: 'France' is a single value where a section of settings is expected.")]
    [InlineData("Relance:Connections:acme:DisputeTags", "litige", "Relance:Connections:acme:DisputeTags: 'litige' is a single value where a list is expected")]
    [InlineData("Relance:Connections:acme:OnPlatformReminders", "Ignore", "Relance:Connections:acme:OnPlatformReminders: 'Ignore' is not one of Skip, Warn")]
    [InlineData("Relance:Connections:acme:Onboarding:StartAt", "First", "Relance:Connections:acme:Onboarding:StartAt: 'First' is not one of")]
    [InlineData("Relance:Connections:acme:Onboarding:ChaseDueAfter", "31/12/2025", "Relance:Connections:acme:Onboarding:ChaseDueAfter: '31/12/2025' is not a date like 2026-01-31.")]
    [InlineData("Relance:Connections:acme:Country", "France", "Relance:Connections:acme:Country: 'France' is not a two-letter country code")]
    [InlineData("Relance:Connections:acme:Company:Iban", "FR7630006000011234567890188", "Relance:Connections:acme:Company:Iban: 'FR…0188' is not a valid IBAN")]
    [InlineData("Relance:Connections:acme:Company:Bic", "BNP", "Relance:Connections:acme:Company:Bic: 'BNP' is not a BIC")]
    [InlineData("Relance:Connections:acme:Company:Siren", "732829320", "Relance:Connections:acme:Company:Siren: unknown setting, ignored by Relance; known settings here:")]
    [InlineData("Relance:Connections:acme:Settings:BaseAdress", "https://app.pennylane.com/api/external/v2/", "Relance:Connections:acme:Settings:BaseAdress: unknown setting, ignored by Relance; did you mean 'BaseAddress'?")]
    [InlineData("Relance:Connections:acme:Settings:RateLimitPermits", "fast", "Relance:Connections:acme:Settings:RateLimitPermits: 'fast' is not a whole number.")]
    [InlineData("Relance:Connections:acme:Policy", "nowhere", "Relance:Connections:acme:Policy")]
    [InlineData("Relance:Policies:default:MinimumAmountDue", "12,5", "Relance:Policies:default:MinimumAmountDue: '12,5' is not a number (with a dot for decimals, like 12.5).")]
    [InlineData("Relance:Policies:default:Steps:0:Tone", "Ferme", "Relance:Policies:default:Steps:0:Tone: 'Ferme' is not one of")]
    [InlineData("Relance:Policies:default:Steps:0:OffsetDays", "ten", "Relance:Policies:default:Steps:0:OffsetDays: 'ten' is not a whole number.")]
    [InlineData("Relance:Policies:default:Steps:first:Name", "friendly", "Relance:Policies:default:Steps:first: 'first' is not a list position; Relance:Policies:default:Steps is a list.")]
    [InlineData("Relance:Policies:default:Steps:0:Chanel", "Email", "Relance:Policies:default:Steps:0:Chanel: unknown setting, ignored by Relance; did you mean 'Channel'?")]
    [InlineData("Relance:Delivery:Mode", "Smpt", "Relance:Delivery:Mode: 'Smpt' is not one of")]
    [InlineData("Relance:Delivery:Smtp:Prot", "25", "Relance:Delivery:Smtp:Prot: unknown setting, ignored by Relance; did you mean 'Port'?")]
    [InlineData("Relance:Delivery:Smtp:Port", "abc", "Relance:Delivery:Smtp:Port: 'abc' is not a whole number.")]
    [InlineData("Relance:Ledger:Provider", "Oracle", "Relance:Ledger:Provider: 'Oracle' is not one of")]
    [InlineData("Relance:Scheduling:Store", "Mongo", "Relance:Scheduling:Store: 'Mongo' is not one of")]
    [InlineData("Relance:Templates:Directry", "templates", "Relance:Templates:Directry: unknown setting, ignored by Relance; did you mean 'Directory'?")]
    [InlineData("Relance:Webhooks:Enabled", "oui", "Relance:Webhooks:Enabled: 'oui' is not true or false.")]
    [InlineData("Relance:Alerts:To:0", "not-an-address", "Relance:Alerts:To:0")]
    public async Task A_broken_key_is_an_error_naming_its_path(string key, string value, string expected)
    {
        using var dir = new TempDirectory();
        var settings = Settings.UnreachablePennylane("acme");
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));
        var validate = await RelanceTestHost.RunCliAsync(dir.Path, settings, Clock, "validate");

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.All(error.Failures, f => Assert.DoesNotContain("   at ", f, StringComparison.Ordinal));
        Assert.Equal(1, validate);
    }

    [Theory]
    [InlineData("{ \"Relance\": { \"DataDirectory\": \"x\", \"Connections\" { } } }", "at line 1, column 52")]
    [InlineData("{ \"Relance\": {\n  \"DataDirectory\": \"x\",\n", "not valid JSON at line 3, column 1")]
    public async Task A_configuration_file_that_does_not_parse_is_named_with_its_line_and_column(string json, string expected)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"), json);

        var (exit, output) = await RelanceProcess.RunAsync(dir.Path, new Dictionary<string, string?>(), "validate");

        Assert.Equal(1, exit);
        Assert.Contains($"'{Path.Combine(dir.Path, "appsettings.json")}'", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_valid_connection_these_cases_break_starts()
    {
        using var dir = new TempDirectory();

        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.UnreachablePennylane("acme"), Clock);

        Assert.NotNull(host);
    }
}
