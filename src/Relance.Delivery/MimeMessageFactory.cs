using MimeKit;

namespace Relance.Delivery;

internal static class MimeMessageFactory
{
    public static MimeMessage Create(EmailMessage message, DateTimeOffset date)
    {
        var mime = new MimeMessage
        {
            // A line break in the subject (an invoice number from the platform) must not start a new header.
            Subject = string.Concat(message.Subject.Select(c => char.IsControl(c) ? ' ' : c)),
            Date = date,
            MessageId = $"{message.ActionId}@relance",
        };
        var builder = new BodyBuilder { TextBody = message.Body };
        foreach (var attachment in message.Attachments ?? [])
        {
            builder.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = builder.ToMessageBody();
        mime.From.Add(new MailboxAddress(message.From.Name, message.From.Address));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        }

        mime.Headers.Add("X-Relance-Action", message.ActionId);
        return mime;
    }
}
