namespace Relance.Domain;

/// <summary>How an invoice Relance has never contacted enters the escalation.</summary>
public enum OnboardingStart
{
    /// <summary>At the first reminder after the due date, however late it is: never a firm letter as a first word.</summary>
    FirstReminder,

    /// <summary>At the most advanced step whose date has come (a step needing earlier reminders excepted).</summary>
    Scheduled,
}

/// <summary>
/// The rule for a backlog (every real account has one the day Relance is switched on).
/// </summary>
/// <param name="StartAt">Where a never-contacted invoice starts.</param>
/// <param name="ChaseDueAfter">Invoices due on or before this day are left alone (an older backlog handled by hand).</param>
public sealed record Onboarding(OnboardingStart StartAt = OnboardingStart.FirstReminder, DateOnly? ChaseDueAfter = null)
{
    /// <summary>The rule in one sentence, as <c>validate</c> and <c>plan</c> print it.</summary>
    public string Describe() =>
        (StartAt == OnboardingStart.FirstReminder
            ? "an invoice never contacted starts at the first reminder after its due date, however late it is (StartAt: FirstReminder)"
            : "an invoice never contacted starts at the most advanced step whose date has come (StartAt: Scheduled)")
        + (ChaseDueAfter is { } d ? $"; invoices due on or before {d:yyyy-MM-dd} are not chased (ChaseDueAfter)" : "");
}
