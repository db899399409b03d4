using Microsoft.Extensions.Time.Testing;
using Relance.Connector.Host.Cli;
using Microsoft.Extensions.DependencyInjection;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class AdminCommandTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Approve_from_the_cli_lets_the_next_run_send_the_formal_notice()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 32);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-9), "friendly", "firm", "final");
        var waiting = Assert.Single((await host.Dunning.RunAsync("acme", CancellationToken.None)).Outcomes);
        var action = Assert.Single(await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None), a => a.Step == "formal-notice");

        var wrong = await Cli(dir.Path, settings, clock, "approve", "no-such-action");
        var approved = await Cli(dir.Path, settings, clock, "approve", action.Id);
        var twice = await Cli(dir.Path, settings, clock, "approve", action.Id);
        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(OutcomeKind.AwaitingApproval, waiting.Kind);
        Assert.Equal(1, wrong);
        Assert.Equal(0, approved);
        Assert.Equal(1, twice);
        Assert.Equal(OutcomeKind.Sent, Assert.Single(report.Outcomes).Kind);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Pause_from_the_cli_holds_the_invoice_and_writes_a_note_then_resume_lifts_it()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        Assert.Equal(0, await Cli(dir.Path, settings, clock, "pause", "--invoice", "7001", "--reason", "customer disputes the quantity"));
        var paused = await host.Dunning.RunAsync("acme", CancellationToken.None);
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "resume", "--invoice", "7001"));
        var resumed = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Empty(paused.Outcomes);
        Assert.Contains(pennylane.Store.Comments, c => c.InvoiceId == 7001 && c.Content.Contains("customer disputes the quantity", StringComparison.Ordinal));
        Assert.Equal(OutcomeKind.Sent, Assert.Single(resumed.Outcomes).Kind);
        Assert.Equal(2, await Cli(dir.Path, settings, clock, "pause", "--invoice", "7001", "--customer", "601"));
    }

    [Fact]
    public async Task An_admin_names_an_invoice_by_its_number_and_an_unknown_invoice_or_customer_is_refused()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, settings) = (road.Directory, road.Clock, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        // The number printed on the invoice, as the finance team knows it (the platform's id is 7001).
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "pause", "--invoice", "F-2026-7001", "--reason", "called the customer"));
        Assert.Single(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None), h => h.Scope == "invoice" && h.TargetId == "7001");
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "history", "--invoice", "f-2026-7001"));
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "resume", "--invoice", "F-2026-7001"));

        // A typo holds nothing, and says so.
        Assert.Equal(1, await Cli(dir.Path, settings, clock, "pause", "--invoice", "F-2026-7010"));
        Assert.Equal(1, await Cli(dir.Path, settings, clock, "pause", "--customer", "6010"));
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "pause", "--customer", "601"));
        Assert.Equal(["601"], (await host.Ledger.GetHoldsAsync("acme", CancellationToken.None)).Select(h => h.TargetId));
    }

    [Fact]
    public async Task A_pause_note_the_platform_refuses_is_written_by_the_next_run_once()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, pennylane, settings) = (road.Directory, road.Clock, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        pennylane.FailNextComments(1);

        Assert.Equal(0, await Cli(dir.Path, settings, clock, "pause", "--invoice", "7001", "--reason", "customer disputes the quantity"));
        Assert.Empty(pennylane.Store.Comments);
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Single(pennylane.Store.Comments, c => c.InvoiceId == 7001 && c.Content.Contains("customer disputes the quantity", StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<NoteOutbox>().PendingAsync("acme", CancellationToken.None));
    }

    [Fact]
    public async Task An_unsure_send_holds_the_escalation_until_resolved_as_sent_then_it_goes_on()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        var unsure = await UnsureSendAsync(road);

        clock.Advance(TimeSpan.FromDays(21));
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        var held = await host.Dunning.RunAsync("acme", CancellationToken.None);
        var plan = await host.Dunning.PlanAsync(await host.Services.GetRequiredService<ConnectionFactory>().CreateAsync("acme", CancellationToken.None), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), CancellationToken.None);

        Assert.DoesNotContain(held.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Single(smtp.Messages);
        Assert.Contains("relance resolve", Assert.Single(plan).Decision.Reason, StringComparison.Ordinal);

        Assert.Equal(2, await Cli(dir.Path, settings, clock, "resolve", unsure.Id));
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "resolve", unsure.Id, "--sent"));
        Assert.Equal(1, await Cli(dir.Path, settings, clock, "resolve", unsure.Id, "--sent"));
        var resumed = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(ActionState.Sent, (await host.Ledger.FindActionAsync(unsure.Id, CancellationToken.None))!.State);
        var next = Assert.Single(resumed.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.NotEqual(unsure.Step, next.Step);
        Assert.Equal(2, smtp.Messages.Count);

        // The confirmed reminder gets its note too (stored before the send, written once it is known to have gone).
        Assert.Single(pennylane.Store.Comments, c => c.Content.Contains($"[relance:{unsure.Id}]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsure_send_resolved_as_not_sent_is_sent_again_by_the_next_run()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, smtp, _, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        var unsure = await UnsureSendAsync(road);

        Assert.Equal(0, await Cli(dir.Path, settings, clock, "resolve", unsure.Id, "--not-sent"));
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var again = Assert.Single(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Equal(unsure.Step, again.Step);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(ActionState.Sent, (await host.Ledger.FindActionAsync(unsure.Id, CancellationToken.None))!.State);
    }

    // A crash between the SMTP send and its confirmation; the restart reports the step as unsure.
    private static async Task<LedgerAction> UnsureSendAsync(Road road)
    {
        using (var crashing = await RelanceTestHost.StartAsync(road.Directory.Path, road.Settings, road.Clock, configure: s => s.Decorate<IDunningLedger>(inner => new CrashOnConfirmLedger(inner))))
        {
            await crashing.Sync.RunAsync("acme", CancellationToken.None);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.Dunning.RunAsync("acme", CancellationToken.None));
        }

        using var restarted = await RelanceTestHost.StartAsync(road.Directory.Path, road.Settings, road.Clock);
        Assert.Single((await restarted.Dunning.RunAsync("acme", CancellationToken.None)).Outcomes, o => o.Kind == OutcomeKind.Unsure);
        Assert.Single(road.Smtp.Messages);
        return Assert.Single(await restarted.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None), a => a.State == ActionState.Unsure);
    }

    private static Task<int> Cli(string dataDirectory, Dictionary<string, string?> settings, TimeProvider clock, params string[] args) =>
        RelanceTestHost.RunCliAsync(dataDirectory, settings, clock, args);

    [Fact]
    public async Task Plan_is_a_dry_run_with_dates_amounts_and_reasons()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 2);
        var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        var requestsBefore = pennylane.Store.Requests.Count;
        var connection = await host.Services.GetRequiredService<ConnectionFactory>().CreateAsync("acme", CancellationToken.None);

        var plan = await host.Services.GetRequiredService<DunningPlanner>().PlanAsync(connection, new DateOnly(2026, 3, 10), 60, CancellationToken.None);
        var cli = await Cli(dir.Path, settings, clock, "plan", "--days", "60", "--format", "json");

        // Due Sunday 8 March: friendly (9th) is late by a day, so each later step comes a week after the one before
        // it (Tuesdays); the formal notice waits for approval, and the road after it is shown as such: the phone call
        // 45 days after the due date (Wednesday 22 April), after approval.
        Assert.Equal(
            ["2026-03-10 friendly", "2026-03-17 firm", "2026-03-24 firm#2", "2026-03-31 final", "2026-04-07 formal-notice", "2026-04-22 call"],
            plan.Select(p => $"{p.Date:yyyy-MM-dd} {p.StepKey}"));
        Assert.True(plan[4].NeedsApproval);
        Assert.EndsWith("after approval of 'formal-notice'", plan[5].Reason, StringComparison.Ordinal);
        Assert.Equal(Math.Round(1200m * 0.1215m * 23 / 365, 2), Math.Round(plan[3].Interest.Amount, 2));
        Assert.Equal(40m, plan[3].Indemnity.Amount);
        Assert.Equal(0, cli);
        Assert.Empty(await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None));
        Assert.Equal(requestsBefore, pennylane.Store.Requests.Count);
        Assert.Empty(pennylane.Store.Comments);
    }

    [Fact]
    public async Task Preview_writes_the_exact_message_and_the_formal_notice_letter()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 40);
        var settings = RelanceTestHost.PennylaneConnection("acme", pennylane);
        using (var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock))
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
        }

        var eml = dir.File("notice.eml");
        var pdf = dir.File("notice.pdf");
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "preview", "--invoice", "7001", "--step", "formal-notice", "--as-of", "2026-03-10", "--out", eml));
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "preview", "--invoice", "7001", "--step", "formal-notice", "--lang", "en", "--out", pdf));
        Assert.Equal(2, await Cli(dir.Path, settings, clock, "preview", "--invoice", "7001", "--step", "no-such-step"));

        var message = await MimeKit.MimeMessage.LoadAsync(eml);
        Assert.StartsWith("MISE EN DEMEURE", message.Subject, StringComparison.Ordinal);
        Assert.Contains("40 jours", message.TextBody, StringComparison.Ordinal);
        Assert.Single(message.Attachments);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(pdf))[..5]));
        Assert.Empty(pennylane.Store.Comments);
    }

    [Fact]
    public async Task Report_writes_the_figures_as_json()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 12);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using (var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock))
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            await host.Dunning.RunAsync("acme", CancellationToken.None);
        }

        var output = dir.File("report.json");
        Assert.Equal(0, await Cli(dir.Path, settings, clock, "report", "--as-of", "2026-03-10", "--format", "json", "--out", output));

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var only = Assert.Single(json.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal("acme", only.GetProperty("connection").GetString());
        var report = only.GetProperty("report");
        var eur = report.GetProperty("currencies")[0];
        Assert.Equal(1200m, eur.GetProperty("open").GetDecimal());
        Assert.Equal(1200m, eur.GetProperty("overdue").GetDecimal());
        Assert.Equal("1-30", report.GetProperty("aging")[0].GetProperty("bucket").GetString());
        // Twelve days late and never contacted: the first reminder, not the firm one its date would give.
        Assert.Equal("friendly", report.GetProperty("steps")[0].GetProperty("step").GetString());
        Assert.Contains("DSO", json.RootElement.GetProperty("formulas").GetProperty("dso").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_plan_holds_reminders_while_kept_and_a_missed_instalment_resumes_them()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        Assert.Equal(0, await Cli(dir.Path, settings, clock, "payment-plan", "--invoice", "7001", "--instalment", "2026-03-20=600", "--instalment", "2026-04-20=600"));
        Assert.Equal(2, await Cli(dir.Path, settings, clock, "payment-plan", "--invoice", "7001", "--instalment", "2026-03-20=1.000,50"));
        Assert.Equal(2, await Cli(dir.Path, settings, clock, "payment-plan", "--invoice", "7001", "--instalment", "20-03-2026=600"));
        var kept = await host.Dunning.RunAsync("acme", CancellationToken.None);

        // First instalment paid on time: still held on 1 April. Second one missed: on 24 April (47 days late) the
        // escalation resumes where it stood — nothing was sent yet, so at the first reminder, never with a phone call.
        clock.Advance(TimeSpan.FromDays(9));
        pennylane.Store.Pay(7001, 600m);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(13));
        var stillKept = await host.Dunning.RunAsync("acme", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(23));
        var broken = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Empty(kept.Outcomes);
        Assert.Empty(stillKept.Outcomes);
        var resumed = Assert.Single(broken.Outcomes);
        Assert.Equal(("friendly", OutcomeKind.Sent), (resumed.Step, resumed.Kind));
        Assert.Contains(pennylane.Store.Comments, c => c.Content.Contains("payment plan: 2 instalments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Html_report_holds_the_figures_and_its_charts()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 12);
        using (var host = await road.StartHostAsync())
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            await host.Dunning.RunAsync("acme", CancellationToken.None);
        }

        var output = road.Directory.File("report.html");
        Assert.Equal(0, await Cli(road.Directory.Path, road.Settings, road.Clock, "report", "--as-of", "2026-03-10", "--format", "html", "--out", output));

        var html = await File.ReadAllTextAsync(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<svg"));
        Assert.Contains("1\u202F200,00\u00A0€", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Open invoices by days past due (EUR)", html, StringComparison.Ordinal);
        Assert.Contains("Amount due (EUR)", html, StringComparison.Ordinal);
        Assert.Contains("Dupont SARL", html, StringComparison.Ordinal);
    }
}
