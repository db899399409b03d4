using Relance.Domain;

namespace Relance.Engine.Configuration;

/// <summary>An escalation policy as written in appsettings (<c>Relance:Policies:{name}</c>).</summary>
public sealed class PolicyOptions
{
    public decimal MinimumAmountDue { get; set; }

    /// <summary>No two contacts with one customer closer than this many days, across all their invoices.</summary>
    public int MinimumDaysBetweenContacts { get; set; }

    /// <summary><value>The default value is true.</value></summary>
    public bool PartialPaymentRestartsStep { get; set; } = true;

    /// <summary>One e-mail per customer and run, listing all their reminders. <value>The default value is true.</value></summary>
    public bool GroupByCustomer { get; set; } = true;

    /// <summary>An open task (phone call...) holds the escalation at most this long. <value>The default value is 7.</value></summary>
    public int TaskTimeoutDays { get; set; } = 7;

    /// <summary>
    /// After a step past the due date, the next one waits at least this many days after it was actually sent.
    /// <value>The default value is 7.</value>
    /// </summary>
    public int MinimumDaysBetweenSteps { get; set; } = 7;

    /// <summary>How a never-contacted invoice enters this policy; unset: the connection's rule.</summary>
    public OnboardingOptions? Onboarding { get; set; }

    public List<PolicyStepOptions> Steps { get; set; } = [];

    public DunningPolicy ToPolicy(string name, OnboardingOptions? connectionOnboarding = null) => new(
        name,
        Steps.Select(s => new PolicyStep(
            s.Name,
            s.OffsetDays,
            s.Template,
            s.Channel,
            s.Tone ?? DefaultTone(s),
            s.RepeatEveryDays,
            s.RequiresApproval ?? s.Channel == ReminderChannel.FormalNotice,
            s.MinimumAmountDue,
            s.RequiresPriorReminders)).ToList(),
        MinimumAmountDue,
        MinimumDaysBetweenContacts,
        PartialPaymentRestartsStep,
        GroupByCustomer,
        MinimumDaysBetweenSteps,
        (Onboarding ?? connectionOnboarding ?? new OnboardingOptions()).ToOnboarding());

    /// <summary>
    /// The policy used when appsettings define none, after what French credit controllers do: a courteous notice
    /// before the due date, a friendly reminder the day after, weekly firm ones, a last reminder, a formal notice
    /// (approved by a person) and a phone call.
    /// </summary>
    public static PolicyOptions Default() => new()
    {
        MinimumDaysBetweenContacts = 3,
        Steps =
        [
            new() { Name = "courtesy", OffsetDays = -3, Template = "courtesy", Tone = Tone.Courteous },
            new() { Name = "friendly", OffsetDays = 1, Template = "friendly", Tone = Tone.Friendly },
            new() { Name = "firm", OffsetDays = 8, Template = "firm", Tone = Tone.Firm, RepeatEveryDays = 7 },
            new() { Name = "final", OffsetDays = 22, Template = "final", Tone = Tone.Final },
            new() { Name = "formal-notice", OffsetDays = 30, Template = "formal_notice", Tone = Tone.Formal, Channel = ReminderChannel.FormalNotice },
            new() { Name = "call", OffsetDays = 45, Template = "handoff", Tone = Tone.Formal, Channel = ReminderChannel.Task },
        ],
    };

    private static Tone DefaultTone(PolicyStepOptions step) => step.Channel switch
    {
        ReminderChannel.FormalNotice => Tone.Formal,
        _ when step.OffsetDays < 0 => Tone.Courteous,
        _ => Tone.Friendly,
    };
}

public sealed class PolicyStepOptions
{
    public string Name { get; set; } = "";

    public int OffsetDays { get; set; }

    public string Template { get; set; } = "";

    public ReminderChannel Channel { get; set; } = ReminderChannel.Email;

    public Tone? Tone { get; set; }

    public int? RepeatEveryDays { get; set; }

    /// <summary><value>The default value is true for a formal notice, false otherwise.</value></summary>
    public bool? RequiresApproval { get; set; }

    public decimal MinimumAmountDue { get; set; }

    /// <summary>
    /// Earlier steps that must have actually been sent before this one. <value>The default value is 1 for a formal
    /// notice and a task, 0 otherwise.</value>
    /// </summary>
    public int? RequiresPriorReminders { get; set; }
}

/// <summary>How invoices Relance has never contacted enter the escalation (<c>Onboarding</c> of a connection or policy).</summary>
public sealed class OnboardingOptions
{
    /// <summary>FirstReminder (the first reminder after the due date) or Scheduled. <value>The default value is FirstReminder.</value></summary>
    public OnboardingStart StartAt { get; set; } = OnboardingStart.FirstReminder;

    /// <summary>Invoices due on or before this day are not chased (an older backlog handled by hand).</summary>
    public DateOnly? ChaseDueAfter { get; set; }

    public Onboarding ToOnboarding() => new(StartAt, ChaseDueAfter);
}
