using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class EscalationEndToEndTests
{
    // Tuesday 10 March 2026, 09:30 in Paris.
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(45)]
    [InlineData(120)]
    public async Task Switched_on_with_an_invoice_long_overdue_the_customer_hears_first_a_friendly_reminder_and_the_formal_notice_cites_the_real_ones(int daysLate)
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: daysLate);
        road.Settings["Relance:Connections:acme:Settings:RateLimitPermits"] = "1000";
        using var host = await road.StartHostAsync();

        // Five weeks of daily runs, the admin approving formal notices as they come.
        for (var day = 0; day < 35; day++)
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            await host.Dunning.RunAsync("acme", CancellationToken.None);
            foreach (var waiting in (await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None)).Where(a => a.State == ActionState.AwaitingApproval))
            {
                await host.Ledger.TransitionAsync(waiting.Id, ActionState.AwaitingApproval, ActionState.Approved, "approved in test", road.Clock.GetUtcNow(), CancellationToken.None);
            }

            road.Clock.Advance(TimeSpan.FromDays(1));
        }

        var messages = road.Smtp.Messages.OrderBy(m => m.Date).ToList();
        Assert.StartsWith("Relance — facture", messages[0].Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Malgré", messages[0].TextBody, StringComparison.Ordinal);
        var formal = Assert.Single(messages, m => m.Subject!.StartsWith("MISE EN DEMEURE", StringComparison.Ordinal));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var actions = (await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None)).OrderBy(a => a.ClaimedAt).ToList();
        var formalAction = Assert.Single(actions, a => a.Step == "formal-notice");
        var earlier = actions.Where(a => a.State == ActionState.Sent && a.ClaimedAt < formalAction.ClaimedAt).ToList();
        Assert.True(earlier.Count >= 2, $"{earlier.Count} reminders before the formal notice");
        Assert.Equal("friendly", actions[0].Step);
        foreach (var reminder in earlier)
        {
            // Each reminder that went out is cited by its date, the customer's local day.
            Assert.Contains(TimeZoneInfo.ConvertTime(reminder.ClaimedAt, paris).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), formal.TextBody, StringComparison.Ordinal);
        }

        Assert.All(earlier.Zip(earlier.Skip(1)), pair => Assert.True((pair.Second.ClaimedAt - pair.First.ClaimedAt).TotalDays >= 6.9, $"{pair.First.Step} then {pair.Second.Step}"));
    }

    [Fact]
    public async Task A_step_pushed_by_a_holiday_onto_the_next_steps_day_is_sent_then_the_next_one_after_the_gap()
    {
        // Due Thursday 7 May 2026; friendly the day after is Victoire 1945 (Friday 8 May), so it goes on Monday 11th,
        // the firm reminder's own day. The firm one then waits its week.
        var morning = new DateTimeOffset(2026, 5, 8, 7, 30, 0, TimeSpan.Zero);
        await using var road = await Road.OneInvoiceAsync(morning, dueDaysAgo: 1);
        road.Settings["Relance:Policies:tight:Steps:0:Name"] = "friendly";
        road.Settings["Relance:Policies:tight:Steps:0:OffsetDays"] = "1";
        road.Settings["Relance:Policies:tight:Steps:0:Template"] = "friendly";
        road.Settings["Relance:Policies:tight:Steps:1:Name"] = "firm";
        road.Settings["Relance:Policies:tight:Steps:1:OffsetDays"] = "4";
        road.Settings["Relance:Policies:tight:Steps:1:Template"] = "firm";
        road.Settings["Relance:Connections:acme:Policy"] = "tight";
        using var host = await road.StartHostAsync();

        var sent = new List<(string Step, DateOnly Day)>();
        for (var day = 0; day < 20; day++)
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            var report = await host.Dunning.RunAsync("acme", CancellationToken.None);
            sent.AddRange(report.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).Select(o => (o.Step!, report.Date)));
            road.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([("friendly", new DateOnly(2026, 5, 11)), ("firm", new DateOnly(2026, 5, 18))], sent);
        Assert.Equal(2, road.Smtp.Messages.Count);
    }

    [Fact]
    public async Task Pre_due_notices_of_one_customer_on_one_day_are_one_email_apart_from_any_chase()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 5);
        var today = DateOnly.FromDateTime(Morning.UtcDateTime);
        foreach (var id in new[] { 7002L, 7003L })
        {
            road.Pennylane.Store.AddInvoice(new SimInvoice { Id = id, Number = $"F-2026-{id}", CustomerId = 601, Date = today.AddDays(-27), Deadline = today.AddDays(3), Total = 200m, Remaining = 200m }, Morning.AddDays(-27));
        }

        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        // The late invoice's reminder goes; the two notices before the due date are never mixed into it (here they
        // are postponed: the default policy contacts a customer at most once in three days).
        var reminder = Assert.Single(road.Smtp.Messages);
        Assert.Contains("F-2026-7001", reminder.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("F-2026-7002", reminder.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, report.Outcomes.Count(o => o.Kind == OutcomeKind.Postponed && o.Step == "courtesy"));

        // A customer with only notices before the due date gets them in one e-mail.
        await using var early = await Road.OneInvoiceAsync(Morning, dueDaysAgo: -3);
        early.Pennylane.Store.AddInvoice(new SimInvoice { Id = 7002, Number = "F-2026-7002", CustomerId = 601, Date = today.AddDays(-27), Deadline = today.AddDays(3), Total = 200m, Remaining = 200m }, Morning.AddDays(-27));
        using var earlyHost = await early.StartHostAsync();
        await earlyHost.Sync.RunAsync("acme", CancellationToken.None);
        var notices = await earlyHost.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(2, notices.Outcomes.Count(o => o.Kind == OutcomeKind.Sent && o.Step == "courtesy"));
        var grouped = Assert.Single(early.Smtp.Messages);
        Assert.Contains("F-2026-7001", grouped.TextBody, StringComparison.Ordinal);
        Assert.Contains("F-2026-7002", grouped.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("2 factures arrivent à échéance", grouped.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grouped_email_shows_each_invoice_at_its_own_step_with_its_own_charges()
    {
        // Invoice 7001 is 30 days late and had its first two reminders; 7002, same customer, is one day late.
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 30);
        var today = DateOnly.FromDateTime(Morning.UtcDateTime);
        road.Pennylane.Store.AddInvoice(new SimInvoice { Id = 7002, Number = "F-2026-7002", CustomerId = 601, Date = today.AddDays(-31), Deadline = today.AddDays(-1), Total = 300m, Remaining = 300m }, Morning.AddDays(-31));
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-14), "friendly");
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-7), "firm");

        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(["final", "friendly"], report.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).OrderBy(o => o.InvoiceId).Select(o => o.Step));
        var body = Assert.Single(road.Smtp.Messages).TextBody;
        var lines = body.Split('\n').Where(l => l.StartsWith("- F-2026-", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.StartsWith("- F-2026-7001", StringComparison.Ordinal) && l.Contains("— dernière relance", StringComparison.Ordinal) && l.Contains("indemnité forfaitaire 40,00\u00A0€", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- F-2026-7002", StringComparison.Ordinal) && l.Contains("— premier rappel", StringComparison.Ordinal));
        Assert.DoesNotContain(" 0,00\u00A0€", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_formal_notice_never_goes_out_without_approval_then_goes_with_its_pdf()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 35);
        var (clock, smtp, pennylane) = (road.Clock, road.Smtp, road.Pennylane);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-10), "friendly", "firm", "final");

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        var second = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var waiting = Assert.Single(first.Outcomes);
        Assert.Equal(OutcomeKind.AwaitingApproval, waiting.Kind);
        Assert.Equal("formal-notice", waiting.Step);
        Assert.DoesNotContain(second.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Empty(smtp.Messages);

        var action = Assert.Single(await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None), a => a.Step == "formal-notice");
        Assert.True(await host.Ledger.TransitionAsync(action.Id, ActionState.AwaitingApproval, ActionState.Approved, "approved in test", clock.GetUtcNow(), CancellationToken.None));
        var third = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(OutcomeKind.Sent, Assert.Single(third.Outcomes, o => o.Step == "formal-notice").Kind);
        var message = Assert.Single(smtp.Messages);
        Assert.StartsWith("MISE EN DEMEURE", message.Subject, StringComparison.Ordinal);
        var pdf = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        Assert.Contains("40,00\u00A0€", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("L441-10", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(ActionState.Sent, (await host.Ledger.FindActionAsync(action.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_promise_to_pay_in_the_ledger_holds_reminders_until_its_date()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (clock, smtp, pennylane) = (road.Clock, road.Smtp, road.Pennylane);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.Ledger.SetHoldAsync(new HoldRecord("acme", "invoice", "7001", "PromiseToPay", new DateOnly(2026, 3, 12), "promise to pay by 12 March", clock.GetUtcNow()), CancellationToken.None);

        var held = await host.Dunning.RunAsync("acme", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        var afterPromise = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Empty(held.Outcomes);
        Assert.Equal("friendly", Assert.Single(afterPromise.Outcomes, o => o.Kind == OutcomeKind.Sent).Step);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_run_on_a_public_holiday_postpones_to_the_next_open_day()
    {
        using var dir = new TempDirectory();
        var holiday = new FakeTimeProvider(new DateTimeOffset(2026, 4, 6, 7, 30, 0, TimeSpan.Zero)); // Easter Monday, 09:30 Paris
        await using var smtp = SmtpTestServer.Start();
        await using var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(holiday, dueDaysAgo: 3);
        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), RelanceTestHost.Smtp(smtp)), holiday);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var monday = await host.Dunning.RunAsync("acme", CancellationToken.None);
        holiday.Advance(TimeSpan.FromDays(1));
        var tuesday = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var postponed = Assert.Single(monday.Outcomes);
        Assert.Equal(OutcomeKind.Postponed, postponed.Kind);
        Assert.Contains("Lundi de Pâques", postponed.Detail, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Sent, Assert.Single(tuesday.Outcomes).Kind);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_template_with_an_unknown_variable_fails_at_start_naming_the_key_the_template_and_the_line()
    {
        using var dir = new TempDirectory();
        var templates = Directory.CreateDirectory(Path.Combine(dir.Path, "templates", "fr")).FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "friendly.sbn"), "Objet : Rappel {{ invoice_number }}\nBonjour {{ customer_nmae }},\n");
        var english = Directory.CreateDirectory(Path.Combine(dir.Path, "templates", "en")).FullName;
        await File.WriteAllTextAsync(Path.Combine(english, "firm.sbn"), "Subject: x\n{{ include '/etc/passwd' }}\n");
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 1);
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), new Dictionary<string, string?> { ["Relance:Templates:Directory"] = Path.Combine(dir.Path, "templates") });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, clock));

        var failure = Assert.Single(error.Failures, f => f.Contains("customer_nmae", StringComparison.Ordinal));
        Assert.StartsWith("Relance:Policies:default (built-in):Steps:1:Template:", failure, StringComparison.Ordinal);
        Assert.Contains("fr/friendly", failure, StringComparison.Ordinal);
        Assert.Contains("(2,", failure, StringComparison.Ordinal);
        var fileAccess = Assert.Single(error.Failures, f => f.Contains("en/firm", StringComparison.Ordinal));
        Assert.StartsWith("Relance:Policies:default (built-in):Steps:2:Template:", fileAccess, StringComparison.Ordinal);
        Assert.Contains("(2,", fileAccess, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Skip", 0)]
    [InlineData("Warn", 1)]
    public async Task Invoices_chased_by_the_platform_s_own_reminders_are_skipped_unless_configured(string onPlatformReminders, int expectedMessages)
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var smtp = SmtpTestServer.Start();
        await using var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 2);
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), RelanceTestHost.Smtp(smtp), new Dictionary<string, string?>
        {
            ["Relance:Connections:acme:Settings:PlatformRemindersActive"] = "true",
            ["Relance:Connections:acme:OnPlatformReminders"] = onPlatformReminders,
        });
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        await host.Dunning.RunAsync("acme", CancellationToken.None);
        var plan = await host.Dunning.PlanAsync(await host.Services.GetRequiredService<Relance.Engine.Connections.ConnectionFactory>().CreateAsync("acme", CancellationToken.None), new DateOnly(2026, 3, 10), CancellationToken.None);

        Assert.Equal(expectedMessages, smtp.Messages.Count);
        if (expectedMessages == 0)
        {
            Assert.Contains("platform's own reminders", Assert.Single(plan).Decision.Reason, StringComparison.Ordinal);
        }
    }
}
