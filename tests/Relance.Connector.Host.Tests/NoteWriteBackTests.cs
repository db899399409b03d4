using Relance.Connectors;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class NoteWriteBackTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminder_and_task_notes_that_failed_land_on_the_next_run_once_each_as_they_were_meant()
    {
        await using var road = await Road.SeededAsync(Morning);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);

        // An account chased for a while: the longest-late invoices are past their formal notice, due a phone call.
        await host.RecordHistoryAsync("acme", Morning, daysLate: 45, "friendly", "firm", "final", "formal-notice");
        road.Pennylane.FailNextComments(10_000);

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var reminders = first.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).ToList();
        var tasks = first.Outcomes.Where(o => o.Kind == OutcomeKind.TaskOpened).ToList();
        Assert.NotEmpty(reminders);
        Assert.NotEmpty(tasks);
        Assert.All(reminders.Concat(tasks), o => Assert.False(o.NoteWritten));
        Assert.Empty(road.Pennylane.Store.Comments);
        var mails = road.Smtp.Messages.Count;
        road.Pennylane.FailNextComments(0);

        await host.Dunning.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        var actions = await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        var comments = road.Pennylane.Store.Comments;
        foreach (var outcome in reminders.Concat(tasks))
        {
            var action = Assert.Single(actions, a => a.InvoiceId == outcome.InvoiceId && a.Step == outcome.Step);
            Assert.Equal(NoteState.Written, action.NoteState);
            var comment = Assert.Single(comments, c => c.Content.Contains($"[relance:{action.Id}]", StringComparison.Ordinal));
            if (action.State == ActionState.TaskOpen)
            {
                // The task's own description, not a "reminder sent" line.
                Assert.Equal(NoteKind.Status, action.NoteKind);
                Assert.DoesNotContain("Relance : rappel", comment.Content, StringComparison.Ordinal);
            }
            else
            {
                // A French account reads French: step, date, channel, recipients and amount.
                Assert.Matches($@"^Relance : rappel « {action.Step} » envoyé le \d\d/\d\d/2026 \(e-mail\) à .+@.+, reste dû [\d\s]+,\d\d\s€", comment.Content);
            }
        }

        Assert.Equal(mails, road.Smtp.Messages.Count);
    }

    [Fact]
    public async Task A_note_interrupted_right_after_the_send_is_written_by_the_next_run()
    {
        await using var road = await Road.SeededAsync(Morning);
        using (var crashing = await RelanceTestHost.StartAsync(road.Directory.Path, road.Settings, road.Clock, configure: s => s.Decorate<IDunningLedger>(inner => new CrashAfterConfirmLedger(inner))))
        {
            await crashing.Sync.RunAsync("acme", CancellationToken.None);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.Dunning.RunAsync("acme", CancellationToken.None));
        }

        var mail = Assert.Single(road.Smtp.Messages);
        var sentId = mail.MessageId!.Replace("@relance", "", StringComparison.Ordinal);
        Assert.DoesNotContain(road.Pennylane.Store.Comments, c => c.Content.Contains($"[relance:{sentId}]", StringComparison.Ordinal));

        using var restarted = await road.StartHostAsync();
        await restarted.Dunning.RunAsync("acme", CancellationToken.None);

        var sent = Assert.Single(await restarted.Ledger.GetActionsAsync("acme", null, CancellationToken.None), a => a.Id == sentId);
        Assert.Equal(ActionState.Sent, sent.State);
        Assert.Equal(NoteState.Written, sent.NoteState);
        Assert.Single(road.Pennylane.Store.Comments, c => c.Content.Contains($"[relance:{sent.Id}]", StringComparison.Ordinal));
        Assert.Single(road.Smtp.Messages, m => m.MessageId == $"{sent.Id}@relance");
    }

    [Fact]
    public async Task A_comment_whose_answer_was_lost_is_found_by_its_marker_and_never_posted_twice()
    {
        await using var road = await Road.SeededAsync(Morning);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Pennylane.LoseNextCommentResponses(10_000);

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);
        road.Pennylane.LoseNextCommentResponses(0);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        var noted = first.Outcomes.Where(o => o.Kind is OutcomeKind.Sent or OutcomeKind.TaskOpened).ToList();
        Assert.NotEmpty(noted);
        var comments = road.Pennylane.Store.Comments;
        Assert.Equal(comments.Count, comments.Select(c => c.Content[c.Content.LastIndexOf("[relance:", StringComparison.Ordinal)..]).Distinct().Count());
        Assert.All(await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None), a => Assert.NotEqual(NoteState.Failed, a.NoteState));
    }

    [Fact]
    public async Task Where_comments_cannot_be_listed_a_note_that_may_have_landed_is_left_for_a_person_not_posted_again()
    {
        await using var road = await Road.SeededAsync(Morning);
        var settings = Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Connections:acme:Settings:CanListComments"] = "false" });
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Pennylane.LoseNextCommentResponses(1);

        await host.Dunning.RunAsync("acme", CancellationToken.None);
        var lost = Assert.Single(await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None), a => a.NoteState == NoteState.Failed);
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Single(road.Pennylane.Store.Comments, c => c.Content.Contains($"[relance:{lost.Id}]", StringComparison.Ordinal));
        Assert.Equal(NoteState.Unsure, (await host.Ledger.FindActionAsync(lost.Id, CancellationToken.None))!.NoteState);
    }

    [Fact]
    public async Task A_note_that_keeps_failing_is_reported_to_the_admin_once_with_the_platforms_answer()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        road.Settings["Relance:Alerts:To:0"] = "admin@acme.example";
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        road.Pennylane.FailNextComments(10_000, status: 422);

        await host.Dunning.RunAsync("acme", CancellationToken.None);
        var afterFirst = road.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == "admin@acme.example"));
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        // A first failure is retried quietly; failing again, it reaches the admin once (not once per run).
        Assert.Equal(0, afterFirst);
        var alert = Assert.Single(road.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == "admin@acme.example"));
        Assert.Contains("keeps failing to be written back into Pennylane", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("422", alert.TextBody, StringComparison.Ordinal);
        Assert.Single(road.Smtp.Messages, m => m.To.Mailboxes.All(a => a.Address != "admin@acme.example"));
    }

}
