namespace Relance.Domain;

/// <summary>How a step reaches the customer.</summary>
public enum ReminderChannel
{
    /// <summary>Relance e-mails the reminder (SMTP, or the .eml outbox in demo mode).</summary>
    Email,

    /// <summary>The platform sends it with its own feature; falls back to e-mail when the platform cannot.</summary>
    Platform,

    /// <summary>A task for a person (a phone call, a hand-off to collection): nothing is sent; the escalation waits for it.</summary>
    Task,

    /// <summary>A formal notice (mise en demeure): e-mail with the letter as PDF, for printing as a registered letter.</summary>
    FormalNotice,
}
