using Relance.Engine.Dunning;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>What only a person can fix is one thing to fix, not the same failure every day.</summary>
public sealed class ContactMissingTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_customer_without_an_address_is_one_admin_item_and_its_reminders_resume_once_an_address_is_synced()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var customer = road.Pennylane.Store.FindCustomer(601)!;
        customer.Emails = [];
        var settings = Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Alerts:To:0"] = "admin@acme.example" });
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);
        var later = new List<DunningReport>();
        for (var day = 1; day <= 3; day++)
        {
            road.Clock.Advance(TimeSpan.FromDays(1));
            await host.Sync.RunAsync("acme", CancellationToken.None);
            later.Add(await host.Dunning.RunAsync("acme", CancellationToken.None));
        }

        var failed = Assert.Single(first.Outcomes);
        Assert.Equal(OutcomeKind.Failed, failed.Kind);
        Assert.Contains("no billing e-mail address", failed.Detail, StringComparison.Ordinal);
        Assert.All(later, r => Assert.DoesNotContain(r.Outcomes, o => o.Kind == OutcomeKind.Failed));
        var hold = Assert.Single(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None));
        Assert.Equal(("customer", "601", "ContactMissing"), (hold.Scope, hold.TargetId, hold.Kind));
        var alert = Assert.Single(road.Smtp.Messages);
        Assert.Equal(["admin@acme.example"], alert.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("no billing e-mail address", alert.TextBody, StringComparison.Ordinal);

        // Fixed on the platform: the next sync brings the address, the hold lifts and the reminder goes.
        road.Pennylane.Store.UpdateCustomer(601, c => c.Emails = ["compta@dupont.example"]);
        road.Clock.Advance(TimeSpan.FromDays(3)); // Friday → Monday
        await host.Sync.RunAsync("acme", CancellationToken.None);
        var resumed = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var sent = Assert.Single(resumed.Outcomes);
        Assert.True(sent.Kind == OutcomeKind.Sent, sent.Detail);
        Assert.Empty(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None));
        Assert.Contains(road.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == "compta@dupont.example"));
    }
}
