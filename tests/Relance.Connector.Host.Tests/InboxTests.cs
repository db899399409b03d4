using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Relance.Domain;
using Relance.Engine.Dunning;
using Relance.Engine.Inbox;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>Replies, bounces and automatic answers read from a real IMAP mailbox (dovecot) steer the escalation.</summary>
public sealed class InboxTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_reply_to_a_reminder_holds_the_invoice_tells_the_admin_and_is_noted_on_the_platform()
    {
        DovecotServer.SkipUnlessAvailable();
        await using var dovecot = await DovecotServer.StartAsync();
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 5);
        using var host = await StartAsync(road, dovecot);
        var reminder = await SendFirstReminderAsync(road, host);

        await dovecot.DeliverAsync(Reply(reminder, "compta@dupont.example", "Bonjour,\nLe virement a été effectué hier.\nCordialement"));
        var records = await Inbox(host).ReadAsync(CancellationToken.None);

        var record = Assert.Single(records);
        Assert.Equal(InboxKind.Reply, record.Kind);
        Assert.Equal(("acme", "7001"), (record.Connection, record.InvoiceId));
        Assert.Equal(ReplyHintKind.PaidClaim, record.Hint?.Kind);
        var hold = Assert.Single(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None), h => h.Kind == nameof(HoldKind.CustomerReplied));
        Assert.Equal(("invoice", "7001", new DateOnly(2026, 3, 17)), (hold.Scope, hold.TargetId, hold.Until));
        Assert.Contains("a payment already made", hold.Reason, StringComparison.Ordinal);

        // The invoice's history has the reply in its timeline, after the reminder it answers.
        var (exit, stdout, stderr) = await RelanceProcess.RunApartAsync(road.Directory.Path, BinarySettings(road, dovecot), "history", "--invoice", "F-2026-7001", "--format", "json");
        Assert.True(exit == 0, stderr);
        using (var history = System.Text.Json.JsonDocument.Parse(stdout))
        {
            Assert.Equal(["friendly", "reply"], history.RootElement.EnumerateArray().Select(r => r.GetProperty("step").GetString()));
        }

        // The next morning's digest tells the admin.
        var digest = await host.Services.GetRequiredService<Relance.Engine.Alerts.DailyDigest>().ComposeAsync(new DateOnly(2026, 3, 11), CancellationToken.None);
        Assert.Contains("compta@dupont.example: invoice 7001 held until 2026-03-17", digest.Body, StringComparison.Ordinal);

        // A week later the next step would be due: the reply holds it, and the platform got the note (no body copied).
        road.Clock.Advance(TimeSpan.FromDays(3));
        var later = await host.Dunning.RunAsync("acme", CancellationToken.None);
        Assert.DoesNotContain(later.Outcomes, o => o.Kind == OutcomeKind.Sent);
        var note = Assert.Single(road.Pennylane.Store.Comments, c => c.Content.Contains("Réponse du client", StringComparison.Ordinal));
        Assert.DoesNotContain("virement", note.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await dovecot.CountAsync());
    }

    [SkippableFact]
    public async Task A_permanent_bounce_flags_the_address_and_no_further_email_goes_to_it()
    {
        DovecotServer.SkipUnlessAvailable();
        await using var dovecot = await DovecotServer.StartAsync();
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 5);
        using var host = await StartAsync(road, dovecot);
        var reminder = await SendFirstReminderAsync(road, host);

        await dovecot.DeliverAsync(Bounce(reminder, "compta@dupont.example", "5.1.1"));
        var record = Assert.Single(await Inbox(host).ReadAsync(CancellationToken.None));

        Assert.Equal(InboxKind.PermanentBounce, record.Kind);
        Assert.Equal("601", record.CustomerId);
        Assert.Contains("5.1.1", record.Reason, StringComparison.Ordinal);
        Assert.Contains(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None), h => h is { Kind: nameof(HoldKind.ContactMissing), TargetId: "601" });

        // Two weeks on, a firmer step is due: nothing goes to the dead address, even once the hold is lifted by hand.
        road.Clock.Advance(TimeSpan.FromDays(14));
        await host.Ledger.RemoveHoldAsync("acme", "customer", "601", nameof(HoldKind.ContactMissing), CancellationToken.None);
        var sentBefore = road.Smtp.Messages.Count;
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        Assert.Equal(sentBefore, road.Smtp.Messages.Count);
        Assert.Contains(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None), h => h is { Kind: nameof(HoldKind.ContactMissing), TargetId: "601" });
    }

    [SkippableFact]
    public async Task An_out_of_office_changes_nothing_an_unknown_sender_is_listed_and_nothing_is_read_twice_across_restarts()
    {
        DovecotServer.SkipUnlessAvailable();
        await using var dovecot = await DovecotServer.StartAsync();
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 5);
        MimeMessage reminder;
        using (var host = await StartAsync(road, dovecot))
        {
            reminder = await SendFirstReminderAsync(road, host);
            var auto = Reply(reminder, "compta@dupont.example", "Je suis absent jusqu'au 20 mars.");
            auto.Subject = "Réponse automatique : " + reminder.Subject;
            auto.Headers.Add("Auto-Submitted", "auto-replied");
            await dovecot.DeliverAsync(auto);
            var stranger = new MimeMessage { Subject = "Question sur votre offre", Body = new TextPart("plain") { Text = "Bonjour, pouvez-vous me rappeler ?" } };
            stranger.From.Add(MailboxAddress.Parse("inconnu@ailleurs.example"));
            stranger.To.Add(MailboxAddress.Parse("relances@acme.example"));
            await dovecot.DeliverAsync(stranger);

            var records = await Inbox(host).ReadAsync(CancellationToken.None);

            Assert.Equal(2, records.Count);
            Assert.Contains(records, r => r.Kind == InboxKind.AutoReply && r.Reason.StartsWith("Auto-Submitted", StringComparison.Ordinal));
            Assert.Contains(records, r => r is { Kind: InboxKind.Reply, Matched: false });
            Assert.DoesNotContain(await host.Ledger.GetHoldsAsync("acme", CancellationToken.None), h => h.Kind == nameof(HoldKind.CustomerReplied));
        }

        // Another process, the same ledger: the two messages are known, only the new one is read.
        await dovecot.DeliverAsync(Reply(reminder, "compta@dupont.example", "Nous contestons cette facture : litige sur la ligne 3."));
        using (var host = await StartAsync(road, dovecot))
        {
            var records = await Inbox(host).ReadAsync(CancellationToken.None);
            var record = Assert.Single(records);
            Assert.Equal(ReplyHintKind.Dispute, record.Hint?.Kind);
            Assert.Empty(await Inbox(host).ReadAsync(CancellationToken.None));

            // The admin accepts the suggestion: a dispute hold, with no end, in place of the reply's week.
            Assert.Equal(0, await RelanceTestHost.RunCliAsync(road.Directory.Path, Settings.Merge(road.Settings, dovecot.Settings()), road.Clock, "accept-suggestion", "--invoice", "F-2026-7001"));
            var holds = await host.Ledger.GetHoldsAsync("acme", CancellationToken.None);
            Assert.Contains(holds, h => h is { Kind: nameof(HoldKind.Disputed), Scope: "invoice", TargetId: "7001", Until: null });
            Assert.DoesNotContain(holds, h => h.Kind == nameof(HoldKind.CustomerReplied));
            Assert.Equal(3, (await Inbox(host).RecentAsync(10, CancellationToken.None)).Count);
            Assert.Equal(3, await dovecot.CountAsync());
        }

        // The admin's view, through the real binary: three lines, the unmatched one said as such.
        var (exit, stdout, stderr) = await RelanceProcess.RunApartAsync(road.Directory.Path, BinarySettings(road, dovecot), "inbox", "--format", "json");
        Assert.True(exit == 0, stderr);
        using var rows = System.Text.Json.JsonDocument.Parse(stdout);
        var kinds = rows.RootElement.EnumerateArray().Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("connection").GetString())).ToList();
        Assert.Equal(3, kinds.Count);
        Assert.Contains(("Reply", "(unmatched)"), kinds);
        Assert.Contains(("AutoReply", "(unmatched)"), kinds);
        Assert.Contains(("Reply", "acme"), kinds);
    }

    private static Task<RelanceTestHost> StartAsync(Road road, DovecotServer dovecot) =>
        RelanceTestHost.StartAsync(road.Directory.Path, Settings.Merge(road.Settings, dovecot.Settings()), road.Clock);

    // The real binary on the test host's ledger, as an admin runs it beside the worker.
    private static Dictionary<string, string?> BinarySettings(Road road, DovecotServer dovecot)
    {
        var settings = Settings.Merge(road.Settings, dovecot.Settings());
        settings["Relance:DataDirectory"] = road.Directory.Path;
        settings["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(road.Directory.Path, "ledger.db")}";
        return settings;
    }

    private static InboxService Inbox(RelanceTestHost host) => host.Services.GetRequiredService<InboxService>();

    private static async Task<MimeMessage> SendFirstReminderAsync(Road road, RelanceTestHost host)
    {
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        return Assert.Single(road.Smtp.Messages);
    }

    private static MimeMessage Reply(MimeMessage reminder, string from, string text)
    {
        var reply = new MimeMessage { Subject = "RE: " + reminder.Subject, InReplyTo = reminder.MessageId, Date = Morning.AddHours(2) };
        reply.References.Add(reminder.MessageId);
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(MailboxAddress.Parse("relances@acme.example"));
        reply.Body = new TextPart("plain") { Text = $"{text}\n\nLe 10/03/2026, ACME Compta a écrit :\n> {reminder.TextBody?.Split('\n')[0]}" };
        return reply;
    }

    // An RFC 3464 report as a receiving server sends it: a human part, the delivery status, the returned headers.
    private static MimeMessage Bounce(MimeMessage reminder, string address, string status)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = $"Delivery to {address} failed permanently." },
            new MimePart("message", "delivery-status")
            {
                Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes(
                    $"Reporting-MTA: dns; mx.dupont.example\r\n\r\nFinal-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: {status}\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"))),
            },
            new MimePart("text", "rfc822-headers")
            {
                Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes($"Message-ID: <{reminder.MessageId}>\r\nSubject: {reminder.Subject}\r\n\r\n"))),
            },
        };
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", Body = report, Date = Morning.AddHours(1) };
        bounce.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.dupont.example"));
        bounce.To.Add(MailboxAddress.Parse("relances@acme.example"));
        return bounce;
    }
}
