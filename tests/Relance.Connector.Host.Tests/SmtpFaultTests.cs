using System.Collections.Concurrent;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Testing;
using SmtpServer.Protocol;
using Xunit.Abstractions;

namespace Relance.Connector.Host.Tests;

/// <summary>The mail relay misbehaving as real ones do: every reminder ends sent once or failed with the reason, never lost.</summary>
[Trait("Suite", "Fault")]
public sealed class SmtpFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_greylisting_relay_gets_each_reminder_at_the_next_run_exactly_once_and_nothing_is_unsure()
    {
        await using var road = await Road.SeededAsync(Morning);
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        road.Smtp.Refuse = m => seen.TryAdd(m.MessageId, 0) ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "4.7.1 Greylisted, please try again later") : null;
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var first = await host.Dunning.RunAsync("acme", CancellationToken.None);
        road.Clock.Advance(TimeSpan.FromMinutes(30));
        var second = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var refused = first.Outcomes.Where(o => o.Kind == OutcomeKind.Failed).ToList();

        Assert.NotEmpty(refused);
        Assert.DoesNotContain(first.Outcomes, o => o.Kind is OutcomeKind.Sent or OutcomeKind.Unsure);
        Assert.All(refused, o => Assert.Contains("Greylisted", o.Detail, StringComparison.Ordinal));

        // Each refused reminder is sent at the next run, or waits one more day where its customer was just reached at
        // another address (one contact a run).
        var retried = second.Outcomes.Where(o => o.Kind == OutcomeKind.Sent || (o.Kind == OutcomeKind.Postponed && o.Detail == "customer already contacted in this run")).ToList();
        Assert.Equal(refused.Select(o => o.InvoiceId).Order(), retried.Select(o => o.InvoiceId).Order());
        Assert.True(second.Count(OutcomeKind.Sent) >= refused.Count / 2, $"{second.Count(OutcomeKind.Sent)} of {refused.Count} sent at the next run");
        await AssertEachSentOnceAsync(host, road.Smtp.Messages);
        Relance.Connectors.Tests.SuiteCounters.Report("faults", $"SMTP 451 answered {road.Smtp.Refused} times; {second.Count(OutcomeKind.Sent)} sent at the next run, once each");
        output.WriteLine($"451 answered {road.Smtp.Refused} times; run 1: {refused.Count} failed with the reason; run 2: {road.Smtp.Messages.Count} e-mails for {second.Count(OutcomeKind.Sent)} reminders");
    }

    [Fact]
    public async Task A_mailbox_refused_for_good_is_failed_with_the_relays_reason_and_every_other_reminder_goes()
    {
        await using var road = await Road.SeededAsync(Morning);
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);
        // The first address the relay sees is one it does not know.
        string? victim = null;
        road.Smtp.Refuse = m =>
        {
            victim ??= m.To.Mailboxes.First().Address;
            return m.To.Mailboxes.Any(a => a.Address == victim) ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 User unknown") : null;
        };

        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        var failed = report.Outcomes.Where(o => o.Kind == OutcomeKind.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, o => Assert.Contains("User unknown", o.Detail, StringComparison.Ordinal));
        Assert.Contains(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.DoesNotContain(road.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == victim));
        await AssertEachSentOnceAsync(host, road.Smtp.Messages);
    }

    [Fact]
    public async Task An_smtp_outage_mid_run_fails_the_rest_cleanly_and_the_next_run_sends_them_once()
    {
        await using var road = await Road.SeededAsync(Morning);
        SmtpTestServer? back = null;
        var outage = new DownAfterThirdSend(road.Smtp);
        using (var host = await RelanceTestHost.StartAsync(road.Directory.Path, road.Settings, road.Clock, configure: s => s.Decorate<IDunningLedger>(inner => outage.Wrap(inner))))
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            var during = await host.Dunning.RunAsync("acme", CancellationToken.None);

            Assert.Equal(3, during.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).Select(o => o.Detail[(o.Detail.IndexOf(" sent to ", StringComparison.Ordinal) + 9)..]).Distinct().Count());
            Assert.Contains(during.Outcomes, o => o.Kind == OutcomeKind.Failed);
            Assert.DoesNotContain(during.Outcomes, o => o.Kind == OutcomeKind.Unsure);
        }

        try
        {
            back = SmtpTestServer.StartOn(road.Smtp.Port);
            road.Clock.Advance(TimeSpan.FromMinutes(30));
            using var restarted = await road.StartHostAsync();
            var after = await restarted.Dunning.RunAsync("acme", CancellationToken.None);

            Assert.Contains(after.Outcomes, o => o.Kind == OutcomeKind.Sent);
            Assert.DoesNotContain(after.Outcomes, o => o.Kind is OutcomeKind.Failed or OutcomeKind.Unsure);
            await AssertEachSentOnceAsync(restarted, [.. road.Smtp.Messages, .. back.Messages]);
            output.WriteLine($"before the outage {road.Smtp.Messages.Count} e-mails, after it {back.Messages.Count}");
        }
        finally
        {
            if (back is not null)
            {
                await back.DisposeAsync();
            }
        }
    }

    /// <summary>Every action the ledger holds as sent was received exactly once, and nothing else was received.</summary>
    private static async Task AssertEachSentOnceAsync(RelanceTestHost host, IReadOnlyList<MimeKit.MimeMessage> received)
    {
        var actions = await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        Assert.DoesNotContain(actions, a => a.State is ActionState.Claimed or ActionState.Unsure);
        Assert.Equal(received.Count, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Order(), received.Select(m => m.MessageId.Split('@')[0]).Order());
    }

    /// <summary>The relay goes down for good right after the third message is confirmed.</summary>
    private sealed class DownAfterThirdSend(SmtpTestServer smtp)
    {
        private int _sends;

        public IDunningLedger Wrap(IDunningLedger inner) => new Ledger(inner, this);

        private sealed class Ledger(IDunningLedger inner, DownAfterThirdSend outage) : DelegatingLedger(inner)
        {
            private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

            public override async Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken)
            {
                await base.MarkSentAsync(actionId, recipients, detail, noteState, at, cancellationToken);
                if (_messages.Add(recipients) && ++outage._sends == 3)
                {
                    await outage.Smtp.DisposeAsync();
                }
            }
        }

        private SmtpTestServer Smtp => smtp;
    }
}
