namespace Relance.Engine.Dunning;

/// <summary>Everything one dunning run of one connection did.</summary>
public sealed record DunningReport(string Connection, string RunId, DateOnly Date, IReadOnlyList<DunningOutcome> Outcomes, DateTimeOffset? PausedUntil = null)
{
    /// <summary>The connection's first full sync is read in parts and not finished: nothing was decided.</summary>
    public bool WaitingForFirstSync { get; init; }

    public int Count(OutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);
}
