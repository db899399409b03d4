namespace Relance.Domain;

/// <summary>How a reminder reaches the customer.</summary>
public enum ReminderChannel
{
    /// <summary>Relance e-mails the reminder (SMTP, or the .eml outbox in demo mode).</summary>
    Email,

    /// <summary>The platform sends it with its own feature; falls back to e-mail when the platform cannot.</summary>
    Platform,
}
