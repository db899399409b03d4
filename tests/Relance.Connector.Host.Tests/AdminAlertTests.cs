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
}
