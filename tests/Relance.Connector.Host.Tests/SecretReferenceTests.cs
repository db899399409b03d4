using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relance.Delivery;
using Relance.Engine.Configuration;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary><c>secret:NAME</c> works in every credential setting, not only in a connection's settings.</summary>
public sealed class SecretReferenceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_smtp_password_written_as_a_secret_reference_logs_in_with_the_secret_not_the_reference()
    {
        using var dir = new TempDirectory();
        await using var smtp = SmtpTestServer.Start(plainAuthWithoutTls: true);
        var settings = Settings.Merge(Settings.UnreachablePennylane("acme"), RelanceTestHost.Smtp(smtp), new Dictionary<string, string?>
        {
            ["Relance:Delivery:Smtp:UserName"] = "relance@acme.example",
            ["Relance:Delivery:Smtp:Password"] = "secret:smtp-password",
            ["Relance:Secrets:smtp-password"] = "the-real-smtp-password-4412",
        });

        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, Clock);
        await host.Services.GetRequiredService<IEmailSender>().SendAsync(
            new EmailMessage("act-1", new MailAddressInfo("ACME", "compta@acme.example"), ["client@example.com"], "Rappel", "Madame, Monsieur,"),
            CancellationToken.None);

        Assert.Equal(("relance@acme.example", "the-real-smtp-password-4412"), Assert.Single(smtp.Logins));
    }

    [Fact]
    public async Task A_secret_comes_from_an_environment_variable_bash_can_export()
    {
        using var dir = new TempDirectory();
        var name = "ledger-" + Guid.NewGuid().ToString("N")[..8];
        var variable = SecretReferenceProvider.EnvironmentVariable(name);
        var path = Path.Combine(dir.Path, "from-env.db");
        Environment.SetEnvironmentVariable(variable, $"Data Source={path}");
        try
        {
            var settings = Settings.Merge(Settings.UnreachablePennylane("acme"), new Dictionary<string, string?> { ["Relance:Ledger:ConnectionString"] = "secret:" + name });

            using var host = await RelanceTestHost.StartAsync(dir.Path, settings, Clock);

            Assert.Matches("^RELANCE_SECRET_LEDGER_[0-9A-F]{8}$", variable);
            Assert.Equal($"Data Source={path}", host.Services.GetRequiredService<IOptions<Relance.Ledger.LedgerOptions>>().Value.ConnectionString);
            Assert.True(File.Exists(path), "the ledger was created where the secret connection string points");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("Relance:Delivery:Smtp:Password", "Relance:Delivery:Smtp:Password: refers to secret 'smtp-password', which is not set: export RELANCE_SECRET_SMTP_PASSWORD=…, or set Relance:Secrets:smtp-password")]
    [InlineData("Relance:Ledger:ConnectionString", "Relance:Ledger:ConnectionString: refers to secret 'smtp-password'")]
    [InlineData("Relance:Connections:acme:Settings:Token", "Relance:Connections:acme:Settings:Token: refers to secret 'smtp-password'")]
    [InlineData("Relance:Alerts:To:0", "Relance:Alerts:To:0: refers to secret 'smtp-password'")]
    public async Task A_secret_reference_nobody_set_is_refused_at_start_naming_the_key_and_where_to_set_it(string key, string expected)
    {
        using var dir = new TempDirectory();
        var settings = Settings.UnreachablePennylane("acme");
        settings[key] = "secret:smtp-password";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, Clock));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Relance:KeyVault:Uri is not set", StringComparison.Ordinal));
    }
}
