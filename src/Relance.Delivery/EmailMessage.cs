namespace Relance.Delivery;

/// <summary>A reminder e-mail ready to go. <see cref="ActionId"/> becomes the Message-Id, so a resend is recognisable.</summary>
public sealed record EmailMessage(
    string ActionId,
    MailAddressInfo From,
    IReadOnlyList<string> To,
    string Subject,
    string Body,
    string? ReplyTo = null,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A display name and an address.</summary>
public sealed record MailAddressInfo(string Name, string Address);
