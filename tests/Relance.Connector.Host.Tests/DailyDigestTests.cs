using Microsoft.Extensions.DependencyInjection;
using Relance.Engine.Alerts;
using Relance.Engine.Dunning;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class DailyDigestTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("fr", "[Relance] Résumé du 2026-03-11 : 1 point(s) vous attendent", "Envoyé hier : 1 relance(s) (friendly 1)", "En attente de votre approbation : 1")]
    [InlineData("en", "[Relance] Digest of 2026-03-11: 1 item(s) wait for you", "Sent yesterday: 1 reminder(s) (friendly 1)", "Waiting for your approval: 1")]
    public async Task The_admin_gets_one_digest_a_day_in_their_language_with_the_command_for_each_item(string language, string subject, string sent, string waiting)
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        road.Pennylane.Store.AddInvoice(
            new Relance.Simulators.Pennylane.SimInvoice { Id = 7002, Number = "F-2026-7002", CustomerId = 601, Date = new DateOnly(2026, 1, 1), Deadline = new DateOnly(2026, 2, 6), Total = 800m, Remaining = 800m },
            Morning.AddDays(-60));
        var settings = Settings.Merge(road.Settings, new Dictionary<string, string?>
        {
            ["Relance:Alerts:To:0"] = "admin@acme.example",
            ["Relance:Alerts:Language"] = language,
        });
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7002", "601", Morning.AddDays(-9), "friendly", "firm", "final");
        var run = await host.Dunning.RunAsync("acme", CancellationToken.None);
        var notice = Assert.Single(await host.Ledger.GetActionsAsync("acme", "7002", CancellationToken.None), a => a.Step == "formal-notice");
        var digest = host.Services.GetRequiredService<DailyDigest>();

        // The next morning: yesterday's reminder of 7001, the notice of 7002 waiting, each with its command.
        road.Clock.Advance(TimeSpan.FromDays(1));
        var first = await digest.SendAsync(CancellationToken.None);
        var again = await digest.SendAsync(CancellationToken.None);

        Assert.Contains(run.Outcomes, o => o.InvoiceId == "7001" && o.Kind == OutcomeKind.Sent);
        Assert.True(first);
        Assert.False(again);
        var mail = Assert.Single(road.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == "admin@acme.example"));
        Assert.Equal(subject, mail.Subject);
        Assert.Contains(sent, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(waiting, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"F-2026-7002 Dupont SARL, 800,00\u00A0€ — formal-notice: relance approve {notice.Id}", mail.TextBody, StringComparison.Ordinal);
    }
}
