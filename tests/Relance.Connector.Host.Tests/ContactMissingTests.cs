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

    [Fact]
    public async Task A_reminder_whose_template_fails_for_one_customer_is_one_admin_item_until_retry()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var templates = Directory.CreateDirectory(Path.Combine(road.Directory.Path, "templates", "fr")).FullName;

        // Valid at start (the sample customer is someone else); fails at run time for this customer only.
        await File.WriteAllTextAsync(Path.Combine(templates, "friendly.sbn"), "Objet : Rappel {{ invoice_number }}\n{{ if invoice_number == \"F-2026-7001\" }}{{ no_such_field }}{{ end }}Madame, Monsieur,\n");
        var settings = Settings.Merge(road.Settings, new Dictionary<string, string?>
        {
            ["Relance:Templates:Directory"] = Path.Combine(road.Directory.Path, "templates"),
            ["Relance:Alerts:To:0"] = "admin@acme.example",
        });
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);
        road.Clock.Advance(TimeSpan.FromDays(1));
        var next = await host.Dunning.RunAsync("acme", CancellationToken.None);
        var held = await host.Ledger.GetHoldsAsync("acme", CancellationToken.None);

        Assert.Equal(OutcomeKind.Failed, Assert.Single(first.Outcomes).Kind);
        Assert.DoesNotContain(next.Outcomes, o => o.Kind == OutcomeKind.Failed);
        var hold = Assert.Single(held);
        Assert.Equal(("customer", "601", "TemplateBroken"), (hold.Scope, hold.TargetId, hold.Kind));
        Assert.Contains("relance retry --customer 601", hold.Reason, StringComparison.Ordinal);
        Assert.Contains("could not be written", Assert.Single(road.Smtp.Messages).TextBody, StringComparison.Ordinal);

        // Fixed, then retried: the reminder goes.
        await File.WriteAllTextAsync(Path.Combine(templates, "friendly.sbn"), "Objet : Rappel {{ invoice_number }}\nMadame, Monsieur,\n");
        Assert.Equal(0, await RelanceTestHost.RunCliAsync(road.Directory.Path, settings, road.Clock, "retry", "--customer", "Dupont"));
        using var restarted = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        road.Clock.Advance(TimeSpan.FromDays(1));
        var retried = await restarted.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Empty(await restarted.Ledger.GetHoldsAsync("acme", CancellationToken.None));
        Assert.Equal(OutcomeKind.Sent, Assert.Single(retried.Outcomes, o => o.Kind != OutcomeKind.AlreadyDone).Kind);
    }
}
