using System.Text;
using MimeKit;
using Relance.Engine.Inbox;

namespace Relance.Connector.Host.Demo;

/// <summary>
/// The demo's simulated reply mailbox: once reminders have gone out, one customer answers and one address bounces,
/// and both go through the same <see cref="InboxService"/> a real mailbox feeds.
/// </summary>
internal static class DemoMailbox
{
    public const string DoneKey = "demo:inbox-done";

    /// <summary>Two e-mails sent to different addresses, oldest first, or null while there are not two yet.</summary>
    public static (MimeMessage Replied, MimeMessage Bounced)? Pick(string outbox)
    {
        if (!Directory.Exists(outbox))
        {
            return null;
        }

        // File names are action ids and Date headers wall-clock time: the address alone picks the same two every run.
        var sent = Directory.EnumerateFiles(outbox, "*.eml", SearchOption.AllDirectories)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any() && m.MessageId?.EndsWith("@relance", StringComparison.Ordinal) == true)
            .OrderBy(m => m.To.Mailboxes.First().Address, StringComparer.Ordinal)
            .ThenBy(m => m.MessageId, StringComparer.Ordinal)
            .DistinctBy(m => m.To.Mailboxes.First().Address)
            .Take(2)
            .ToList();
        return sent.Count == 2 ? (sent[0], sent[1]) : null;
    }

    public static MimeMessage Reply(MimeMessage reminder, DateTimeOffset at)
    {
        var reply = new MimeMessage { Subject = "RE: " + reminder.Subject, InReplyTo = reminder.MessageId, Date = at, MessageId = $"demo-reply-{reminder.MessageId}" };
        reply.References.Add(reminder.MessageId!);
        reply.From.Add(reminder.To.Mailboxes.First());
        reply.To.AddRange(reminder.From);
        reply.Body = new TextPart("plain") { Text = "Bonjour,\nLe virement a été effectué ce matin, vous devriez le recevoir demain.\nCordialement" };
        return reply;
    }

    public static MimeMessage Bounce(MimeMessage reminder, DateTimeOffset at)
    {
        var address = reminder.To.Mailboxes.First().Address;
        var status = Encoding.ASCII.GetBytes($"Reporting-MTA: dns; mx.demo.example\r\n\r\nFinal-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 mailbox unknown\r\n");
        var headers = Encoding.ASCII.GetBytes($"Message-ID: <{reminder.MessageId}>\r\nSubject: {reminder.Subject}\r\n\r\n");
        var bounce = new MimeMessage
        {
            Subject = "Undelivered Mail Returned to Sender",
            Date = at,
            MessageId = $"demo-bounce-{reminder.MessageId}",
            Body = new MultipartReport("delivery-status")
            {
                new TextPart("plain") { Text = $"Delivery to {address} failed permanently." },
                new MimePart("message", "delivery-status") { Content = new MimeContent(new MemoryStream(status)) },
                new MimePart("text", "rfc822-headers") { Content = new MimeContent(new MemoryStream(headers)) },
            },
        };
        bounce.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.demo.example"));
        bounce.To.AddRange(reminder.From);
        return bounce;
    }
}
