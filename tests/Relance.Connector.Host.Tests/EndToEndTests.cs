using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class EndToEndTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Overdue_invoice_travels_the_whole_road_to_smtp_and_back_into_pennylane()
    {
        await using var road = await Road.SeededAsync(Morning);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);

        await host.Sync.RunAsync("acme", CancellationToken.None);
        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var sent = report.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).ToList();
        Assert.NotEmpty(sent);
        var tasks = report.Outcomes.Count(o => o.Kind == OutcomeKind.TaskOpened);
        Assert.Equal(sent.Count + tasks, pennylane.Store.Comments.Count);

        // The account's first run: however late, no invoice opens with a formal notice or a phone call.
        Assert.DoesNotContain(report.Outcomes, o => o.Kind is OutcomeKind.AwaitingApproval or OutcomeKind.TaskOpened);
        Assert.All(sent, o => Assert.Contains(o.Step, new[] { "courtesy", "friendly" }));
        var actions = await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Order(), smtp.Messages.Select(m => m.MessageId!.Replace("@relance", "", StringComparison.Ordinal)).Order());
        foreach (var outcome in sent)
        {
            var invoice = pennylane.Store.FindInvoice(long.Parse(outcome.InvoiceId, CultureInfo.InvariantCulture))!;
            var customer = pennylane.Store.FindCustomer(invoice.CustomerId)!;
            var action = Assert.Single(actions, a => a.InvoiceId == outcome.InvoiceId && a.Step == outcome.Step);
            Assert.Equal(ActionState.Sent, action.State);
            Assert.Equal(NoteState.Written, action.NoteState);
            var message = Assert.Single(smtp.Messages, m => m.TextBody?.Contains(invoice.Number, StringComparison.Ordinal) == true);
            Assert.Equal(customer.Emails.Order(), message.To.Mailboxes.Select(m => m.Address).Order());
            Assert.Single(pennylane.Store.Comments, c => c.InvoiceId == invoice.Id && c.Content.Contains($"[relance:{action.Id}]", StringComparison.Ordinal));
        }

        // Reminders to one customer in one run are one e-mail.
        Assert.Equal(sent.Select(o => o.Customer).Distinct().Count(), smtp.Messages.Count);
    }

    [Fact]
    public async Task Friendly_reminder_is_not_sent_twice_after_restart()
    {
        await using var road = await Road.SeededAsync(Morning);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);

        using (var first = await RelanceTestHost.StartAsync(dir.Path, settings, clock))
        {
            await first.Sync.RunAsync("acme", CancellationToken.None);
            await first.Dunning.RunAsync("acme", CancellationToken.None);
            await first.StopAsync();
        }

        var afterFirst = smtp.Messages.Count;
        var notesAfterFirst = pennylane.Store.Comments.Count;
        Assert.True(afterFirst > 0);

        using var second = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await second.Sync.RunAsync("acme", CancellationToken.None);
        var report = await second.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(afterFirst, smtp.Messages.Count);
        Assert.DoesNotContain(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Equal(notesAfterFirst, pennylane.Store.Comments.Count);
    }

    [Fact]
    public async Task Invoice_paid_since_the_last_sync_gets_no_reminder()
    {
        await using var road = await Road.SeededAsync(Morning);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        var open = await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None);
        var overdue = open.First(o => o.Invoice.DueDate < DateOnly.FromDateTime(Morning.UtcDateTime)).Invoice;

        // Paid this morning, after the sync, before the dunning run.
        pennylane.Store.Pay(long.Parse(overdue.Id, CultureInfo.InvariantCulture));
        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var outcome = Assert.Single(report.Outcomes, o => o.InvoiceId == overdue.Id);
        Assert.Equal(OutcomeKind.Skipped, outcome.Kind);
        Assert.Contains("paid", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages, m => m.Subject?.Contains(overdue.Number, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(pennylane.Store.Comments, c => c.InvoiceId.ToString(CultureInfo.InvariantCulture) == overdue.Id);
        Assert.Null((await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).SingleOrDefault(o => o.Invoice.Id == overdue.Id));
        Assert.Contains(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
    }

    [Fact]
    public async Task Crash_between_send_and_confirm_does_not_send_again_and_is_reported()
    {
        await using var road = await Road.SeededAsync(Morning);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);

        using (var crashing = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s => s.Decorate<IDunningLedger>(inner => new CrashOnConfirmLedger(inner))))
        {
            await crashing.Sync.RunAsync("acme", CancellationToken.None);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.Dunning.RunAsync("acme", CancellationToken.None));
        }

        var crashed = Assert.Single(smtp.Messages);

        using var restarted = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        var report = await restarted.Dunning.RunAsync("acme", CancellationToken.None);

        // The message out at the crash (one customer's invoices, grouped) is unsure for each of them, never re-sent.
        var unsure = report.Outcomes.Where(o => o.Kind == OutcomeKind.Unsure).ToList();
        Assert.NotEmpty(unsure);
        Assert.Single(unsure.Select(o => o.Customer).Distinct());
        Assert.All(unsure, o => Assert.Contains("not re-sent", o.Detail, StringComparison.Ordinal));
        Assert.Single(smtp.Messages, m => m.MessageId == crashed.MessageId);
        var actions = new List<LedgerAction>();
        foreach (var outcome in unsure)
        {
            actions.Add(Assert.Single(await restarted.Ledger.GetActionsAsync("acme", outcome.InvoiceId, CancellationToken.None)));
        }

        Assert.All(actions, a => Assert.Equal(ActionState.Unsure, a.State));
        Assert.Contains(actions, a => $"{a.Id}@relance" == crashed.MessageId);
        Assert.Contains(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
    }

    [Fact]
    public async Task Two_hosts_racing_on_one_ledger_send_each_reminder_once()
    {
        await using var road = await Road.SeededAsync(Morning);
        var (dir, clock, smtp, pennylane, settings) = (road.Directory, road.Clock, road.Smtp, road.Pennylane, road.Settings);
        using var a = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        using var b = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await a.Sync.RunAsync("acme", CancellationToken.None);

        var reports = await Task.WhenAll(a.Dunning.RunAsync("acme", CancellationToken.None), b.Dunning.RunAsync("acme", CancellationToken.None));

        var sent = reports.SelectMany(r => r.Outcomes).Where(o => o.Kind == OutcomeKind.Sent).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(sent.Count, sent.Select(o => (o.InvoiceId, o.Step)).Distinct().Count());
        var actions = await a.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Count, smtp.Messages.Count);
        Assert.Equal(smtp.Messages.Count, smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }
}
