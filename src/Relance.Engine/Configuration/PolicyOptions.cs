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

    public List<PolicyStepOptions> Steps { get; set; } = [];

    public DunningPolicy ToPolicy(string name) => new(
        name,
        Steps.Select(s => new PolicyStep(
            s.Name,
            s.OffsetDays,
            s.Template,
            s.Channel,
            s.Tone ?? DefaultTone(s),
            s.RepeatEveryDays,
            s.RequiresApproval ?? s.Channel == ReminderChannel.FormalNotice,
            s.MinimumAmountDue)).ToList(),
        MinimumAmountDue,
        MinimumDaysBetweenContacts,
        PartialPaymentRestartsStep,
        GroupByCustomer);

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
}
