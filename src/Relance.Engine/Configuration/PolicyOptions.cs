using Relance.Domain;

namespace Relance.Engine.Configuration;

/// <summary>An escalation policy as written in appsettings (<c>Relance:Policies:{name}</c>).</summary>
public sealed class PolicyOptions
{
    public decimal MinimumAmountDue { get; set; }

    public List<PolicyStepOptions> Steps { get; set; } = [];

    public DunningPolicy ToPolicy(string name) =>
        new(name, Steps.Select(s => new PolicyStep(s.Name, s.OffsetDays, s.Template, s.Channel)).ToList(), MinimumAmountDue);

    /// <summary>The policy used when appsettings define none: a courtesy notice, a friendly and a firm reminder.</summary>
    public static PolicyOptions Default() => new()
    {
        Steps =
        [
            new() { Name = "courtesy", OffsetDays = -3, Template = "courtesy" },
            new() { Name = "friendly", OffsetDays = 1, Template = "friendly" },
            new() { Name = "firm", OffsetDays = 15, Template = "firm" },
        ],
    };
}

public sealed class PolicyStepOptions
{
    public string Name { get; set; } = "";

    public int OffsetDays { get; set; }

    public string Template { get; set; } = "";

    public ReminderChannel Channel { get; set; } = ReminderChannel.Email;
}
