namespace Relance.Engine.Dunning;

/// <summary>Everything one dunning run of one connection did.</summary>
public sealed record DunningReport(string Connection, string RunId, DateOnly Date, IReadOnlyList<DunningOutcome> Outcomes, DateTimeOffset? PausedUntil = null)
{
    public int Count(OutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);
}
