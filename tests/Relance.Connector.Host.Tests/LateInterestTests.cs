using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Relance.Engine.Configuration;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>A formal notice states its interest as fact: never on a rate the table does not confirm.</summary>
public sealed class LateInterestTests
{
    // The notice needs no approval in this policy: only a doubt about its figures can hold it.
    private static Dictionary<string, string?> UnapprovedNotices() => new()
    {
        ["Relance:Connections:acme:Policy"] = "direct",
        ["Relance:Policies:direct:Steps:0:Name"] = "friendly",
        ["Relance:Policies:direct:Steps:0:OffsetDays"] = "1",
        ["Relance:Policies:direct:Steps:0:Template"] = "friendly",
        ["Relance:Policies:direct:Steps:1:Name"] = "formal-notice",
        ["Relance:Policies:direct:Steps:1:OffsetDays"] = "30",
        ["Relance:Policies:direct:Steps:1:Template"] = "formal_notice",
        ["Relance:Policies:direct:Steps:1:Channel"] = "FormalNotice",
        ["Relance:Policies:direct:Steps:1:RequiresApproval"] = "false",
    };

    [Theory]
    [InlineData("2026-09-15", true)]   // late since August 2026: the ECB rate of 1 July 2026 is not confirmed
    [InlineData("2026-03-10", false)]  // late since February 2026: ECB 2.15 % of 1 January 2026, confirmed
    public async Task A_formal_notice_on_an_unconfirmed_rate_waits_for_approval_with_the_reason(string today, bool held)
    {
        var morning = new DateTimeOffset(DateOnly.Parse(today, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(8, 30)), TimeSpan.Zero);
        await using var road = await Road.OneInvoiceAsync(morning, dueDaysAgo: 35);
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, Settings.Merge(road.Settings, UnapprovedNotices()), road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7001", "601", morning.AddDays(-10), "friendly");

        var outcome = Assert.Single((await host.Dunning.RunAsync("acme", CancellationToken.None)).Outcomes);

        Assert.Equal("formal-notice", outcome.Step);
        if (held)
        {
            Assert.Equal(OutcomeKind.AwaitingApproval, outcome.Kind);
            Assert.Contains("held until the figures are checked: the ECB main refinancing rate on 2026-07-01 is not confirmed: the rate table is confirmed through 2026-06-10", outcome.Detail, StringComparison.Ordinal);
            var action = Assert.Single(await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None), a => a.Step == "formal-notice");
            Assert.Equal(ActionState.AwaitingApproval, action.State);
            Assert.Contains("2026-07-01 is not confirmed", action.Detail, StringComparison.Ordinal);
            Assert.Empty(road.Smtp.Messages);
        }
        else
        {
            Assert.Equal(OutcomeKind.Sent, outcome.Kind);
            Assert.Single(road.Smtp.Messages);
        }
    }

    [Fact]
    public void The_rate_table_is_a_file_next_to_the_binary_and_covers_2020_onwards()
    {
        var (table, origin) = RateTableLoader.LoadWithOrigin(null);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, RateTableLoader.FileName), origin);
        Assert.All(Enum.GetValues<Relance.Domain.Law.RateSeries>(), s => Assert.True(table.Series(s).Rates.Min(r => r.From) <= new DateOnly(2020, 1, 1), s.ToString()));
        Assert.All(Enum.GetValues<Relance.Domain.Law.RateSeries>(), s => Assert.All(table.Series(s).Rates, r => Assert.False(string.IsNullOrWhiteSpace(r.Source))));
    }

    [Fact]
    public void A_rate_file_with_two_entries_on_one_date_is_refused_with_the_series_and_date()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "rates.json");
        File.WriteAllText(file, """{ "ecbMainRefinancing": [ { "from": "2025-06-11", "percent": 2.15 }, { "from": "2025-06-11", "percent": 2.40 } ] }""");

        var error = Assert.Throws<InvalidOperationException>(() => RateTableLoader.Load(file));

        Assert.Contains("ECB main refinancing rate: two entries from 2025-06-11", error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    // BoE Bank Rate on 30 June 2022: 1.25 % (+ 8 = 9.25 %). 10 000 GBP due 31 July 2022, 60 days late on 29 September:
    // 10 000 × 9.25 % × 60 / 365 = 152.05; the fixed sum for a debt of 10 000 or more is £100. The 2022 entries are
    // not confirmed in the shipped table (recalled, not in shared/legal): the figure is computed and flagged.
    [Fact]
    public void A_2022_uk_debt_takes_the_bank_rate_of_30_june_2022_and_is_flagged_unconfirmed()
    {
        var rates = RateTableLoader.Load(null);

        var charges = Relance.Domain.Law.LatePaymentLaw.Compute(new Relance.Connectors.Money(10_000m, "GBP"), new DateOnly(2022, 7, 31), new DateOnly(2022, 9, 29), new Relance.Domain.Law.LatePaymentTerms(Relance.Domain.Law.Jurisdiction.UnitedKingdom), rates);

        Assert.Equal(152.05m, Math.Round(charges.Interest.Amount, 2));
        Assert.Equal(new Relance.Connectors.Money(100m, "GBP"), charges.FixedCompensation);
        Assert.Equal(1.25m, charges.Periods.Single().ReferencePercent);
        Assert.Contains(charges.Unconfirmed, u => u.Contains("1.25 % from 2022-06-16 is not confirmed", StringComparison.Ordinal));
    }

    // Pennylane does not date payments. 1 200 € due 3 February 2026 (12.15 %), read at 1 200 on 10 March (the
    // incremental sync of 15 March brings nothing: it did not change); 500 paid before the sync of 20 March. The
    // payment is dated 10 March, the last day a sync read 1 200 — never later than it can have been made.
    // On 21 March: 35 days on 1 200 = 13.9808 + 11 days on 700 = 2.5632 → 16.54 (on today's balance only: 10.49).
    [Fact]
    public async Task A_part_payment_the_platform_does_not_date_is_dated_by_the_last_sync_that_saw_the_higher_balance()
    {
        var morning = new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);
        await using var road = await Road.OneInvoiceAsync(morning, dueDaysAgo: 35);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Clock.Advance(TimeSpan.FromDays(5));
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Pennylane.Store.Pay(7001, 500m);
        road.Clock.Advance(TimeSpan.FromDays(5));
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Clock.Advance(TimeSpan.FromDays(1));
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var stored = (await host.Ledger.GetInvoiceAsync("acme", "7001", CancellationToken.None))!;
        Assert.Equal([new Relance.Connectors.InvoicePayment(new DateOnly(2026, 3, 10), 500m, Observed: true)], stored.Invoice.Payments);

        var connection = await host.Services.GetRequiredService<Relance.Engine.Connections.ConnectionFactory>().CreateAsync("acme", CancellationToken.None);
        var step = connection.Policy.Steps.Single(s => s.Name == "formal-notice");
        var notice = host.Services.GetRequiredService<ReminderComposer>().Compose(connection, stored.Invoice, stored.Customer, step, new DateOnly(2026, 3, 21));

        Assert.Equal(16.54m, Math.Round(notice.Charges.Interest.Amount, 2));
        Assert.Contains("paiements partiels datés au dernier jour où nos comptes montraient le solde précédent", notice.Message.Body, StringComparison.Ordinal);
    }
}
