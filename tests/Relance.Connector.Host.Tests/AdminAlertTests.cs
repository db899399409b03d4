using Microsoft.Extensions.DependencyInjection;
using Relance.Engine.Alerts;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class AdminAlertTests
{
    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task The_same_problem_with_a_new_request_id_is_one_alert_a_day_and_a_new_problem_is_another()
    {
        await using var road = await Road.OneInvoiceAsync(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero), dueDaysAgo: 2);
        var settings = Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Alerts:To:0"] = "admin@acme.example" });
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        var alerts = host.Services.GetRequiredService<AdminAlerts>();

        var first = await alerts.NotifyAsync("acme", "QuickBooks answered 401 (AuthenticationFault, code 3200, intuit_tid 1-65f2a9c1-4d2e8b7a6c5d4e3f2a1b0c9d) at 2026-03-10T08:30:01Z", CancellationToken.None);
        var again = await alerts.NotifyAsync("acme", "QuickBooks answered 401 (AuthenticationFault, code 3200, intuit_tid 1-77aa00c1-0d2e8b7a6c5d4e3f2a1b0c9e) at 2026-03-10T08:31:45Z", CancellationToken.None);
        var other = await alerts.NotifyAsync("acme", "QuickBooks refused the refresh token (invalid_grant): re-authorise", CancellationToken.None);

        Assert.True(first);
        Assert.False(again);
        Assert.True(other);
        Assert.Equal(2, road.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == "admin@acme.example")));
    }

    [Fact]
    public async Task A_platform_unreachable_for_three_syncs_in_a_row_is_told_to_the_admin_once_that_day()
    {
        using var dir = new TempDirectory();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero));
        await using var smtp = SmtpTestServer.Start();
        var settings = Settings.Merge(Settings.UnreachablePennylane("acme"), RelanceTestHost.Smtp(smtp), new Dictionary<string, string?>
        {
            ["Relance:Alerts:To:0"] = "admin@acme.example",
        });
        // Retries of a refused connection are the resilience pipeline's business, not this test's: one quick attempt.
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s =>
            s.PostConfigure<Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>("Relance.Connectors.Pennylane-standard", o =>
            {
                o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                o.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
            }));

        var told = new List<int>();
        for (var run = 1; run <= 4; run++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await Assert.ThrowsAsync<Relance.Connectors.ConnectorException>(() => host.Sync.RunAsync("acme", CancellationToken.None));
            told.Add(smtp.Messages.Count);
        }

        Assert.Equal([0, 0, 1, 1], told);
        Assert.Contains("failed 3 syncs in a row", Assert.Single(smtp.Messages).TextBody, StringComparison.Ordinal);
    }
}
