using System.ComponentModel.DataAnnotations;
using Relance.Delivery;

namespace Relance.Engine.Inbox;

/// <summary>
/// Bound from <c>Relance:Inbox</c>: the mailbox that receives replies to reminders (their Reply-To), read over IMAP.
/// Off while <see cref="Host"/> is unset. Messages are only read: never deleted, moved or flagged.
/// </summary>
public sealed class InboxOptions
{
    public const string SectionName = "Relance:Inbox";

    public string? Host { get; set; }

    /// <summary><value>The default value is 993 (IMAP over TLS).</value></summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary><value>The default value is <see cref="SmtpSecurity.Auto"/>: TLS on 993, STARTTLS when offered elsewhere.</value></summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    /// <summary>Typically <c>secret:imap-password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Log in with an OAuth2 token (Microsoft 365) instead of a password; the token's scope is the same as SMTP's.</summary>
    public SmtpOAuth2Options OAuth2 { get; set; } = new();

    /// <summary><value>The default value is "INBOX".</value></summary>
    [Required]
    public string Folder { get; set; } = "INBOX";

    /// <summary>How often the mailbox is read, in minutes. <value>The default value is 10.</value></summary>
    [Range(1, 1440)]
    public int PollMinutes { get; set; } = 10;

    /// <summary>How long a customer's reply holds the escalation, in days. <value>The default value is 7.</value></summary>
    [Range(1, 90)]
    public int ReplyHoldDays { get; set; } = 7;

    /// <summary>
    /// Apply what a reply's words suggest (a payment claimed, a dispute, a promise with its date) without waiting for
    /// the admin's <c>relance accept-suggestion</c>. <value>The default value is false.</value>
    /// </summary>
    public bool ApplySuggestions { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
