using System.Text;
using MimeKit;
using Relance.Engine.Inbox;

namespace Relance.Engine.Tests;

public sealed class InboxClassifierTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Fact]
    public void A_delivery_report_with_a_failed_recipient_is_a_permanent_bounce_pointing_at_the_returned_message()
    {
        var returned = new MimeMessage { MessageId = "abc123@relance", Subject = "Relance facture F-1" };
        returned.From.Add(MailboxAddress.Parse("compta@acme.example"));
        var report = Report("Final-Recipient: rfc822; Jane@Client.example\r\nAction: failed\r\nStatus: 5.1.1\r\n", new MessagePart { Message = returned });

        var verdict = InboxClassifier.Classify(report, Today);

        Assert.Equal(InboxKind.PermanentBounce, verdict.Kind);
        Assert.Equal(["jane@client.example"], verdict.FailedRecipients);
        Assert.Equal("5.1.1", verdict.Status);
        Assert.Contains("abc123@relance", verdict.ReferencedMessageIds);
    }

    [Fact]
    public void A_delayed_delivery_is_temporary_and_flags_nothing()
    {
        var verdict = InboxClassifier.Classify(Report("Final-Recipient: rfc822; jane@client.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n"), Today);

        Assert.Equal(InboxKind.TemporaryBounce, verdict.Kind);
        Assert.Empty(verdict.FailedRecipients);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "RE: Facture")]
    [InlineData("X-Autoreply", "yes", "RE: Facture")]
    [InlineData("Precedence", "auto_reply", "RE: Facture")]
    [InlineData("X-Mailer", "Outlook", "Réponse automatique : Facture F-1")]
    [InlineData("X-Mailer", "Outlook", "Automatic reply: Invoice F-1")]
    [InlineData("X-Mailer", "Outlook", "Out of Office: Invoice F-1")]
    public void Automatic_answers_are_recognised_by_their_headers_or_subjects(string header, string value, string subject)
    {
        var message = Message("jane@client.example", subject, "Je suis absente jusqu'au 20/03, nous avons déjà réglé.");
        message.Headers.Add(header, value);

        var verdict = InboxClassifier.Classify(message, Today);

        Assert.Equal(InboxKind.AutoReply, verdict.Kind);
        Assert.Null(verdict.Hint);
    }

    [Fact]
    public void An_unstructured_message_from_a_mail_system_is_listed_never_read_as_a_bounce()
    {
        var verdict = InboxClassifier.Classify(Message("MAILER-DAEMON@mx.client.example", "Undeliverable", "Your message could not be delivered."), Today);

        Assert.Equal(InboxKind.DeliveryNotice, verdict.Kind);
        Assert.Empty(verdict.FailedRecipients);
    }

    [Fact]
    public void Words_of_the_quoted_reminder_never_count_as_the_customers()
    {
        var reply = Message("jane@client.example", "RE: Relance", "Bien reçu, merci.\n\nLe 10/03/2026, ACME a écrit :\n> Si vous avez déjà réglé cette facture, ne tenez pas compte de ce message.");

        var verdict = InboxClassifier.Classify(reply, Today);

        Assert.Equal(InboxKind.Reply, verdict.Kind);
        Assert.Null(verdict.Hint);
    }

    [Theory]
    [InlineData("Le virement a été effectué hier.", ReplyHintKind.PaidClaim, null)]
    [InlineData("We have already paid this invoice.", ReplyHintKind.PaidClaim, null)]
    [InlineData("Nous contestons : litige sur la ligne 3.", ReplyHintKind.Dispute, null)]
    [InlineData("Nous réglerons le 15/04.", ReplyHintKind.Promise, "2026-04-15")]
    [InlineData("We will pay on 2026-03-31.", ReplyHintKind.Promise, "2026-03-31")]
    public void A_replys_own_words_suggest_what_the_admin_may_record(string text, ReplyHintKind kind, string? date)
    {
        var verdict = InboxClassifier.Classify(Message("jane@client.example", "RE: Facture F-1", text), Today);

        Assert.Equal(kind, verdict.Hint?.Kind);
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), verdict.Hint?.Date);
    }

    [Fact]
    public void An_html_only_reply_is_read_without_its_tags()
    {
        var message = Message("jane@client.example", "RE: Facture", "");
        message.Body = new TextPart("html") { Text = "<p>Nous avons <b>déjà payé</b>.</p>" };

        Assert.Equal(ReplyHintKind.PaidClaim, InboxClassifier.Classify(message, Today).Hint?.Kind);
    }

    private static MimeMessage Message(string from, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(MailboxAddress.Parse(from));
        return message;
    }

    private static MimeMessage Report(string recipientFields, MimeEntity? returned = null)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "Delivery report." },
            new MimePart("message", "delivery-status")
            {
                Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes($"Reporting-MTA: dns; mx.client.example\r\n\r\n{recipientFields}"))),
            },
        };
        if (returned is not null)
        {
            report.Add(returned);
        }

        var message = new MimeMessage { Subject = "Delivery Status Notification", Body = report };
        message.From.Add(MailboxAddress.Parse("postmaster@client.example"));
        return message;
    }
}
