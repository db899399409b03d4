using System.Globalization;
using System.Text.Json;
using Relance.Connectors;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Health;

/// <summary>
/// What the last sync and dunning run of each connection did, kept in the ledger (so that every host, the CLI and
/// the health endpoint see the same): when each last succeeded, and the last problem and its kind.
/// </summary>
public sealed class ConnectionStatus(IDunningLedger ledger, RelanceClock clock)
{
    private const string Prefix = "status:";

    public Task SucceededAsync(string connection, string run, CancellationToken cancellationToken) =>
        ledger.SetValueAsync($"{Prefix}{connection}:{run}:ok", clock.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken);

    /// <returns>How many runs in a row have now failed.</returns>
    public Task<int> FailedAsync(string connection, string run, ConnectorException problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var kind = problem.RetryAfter is not null ? ProblemKind.Quota
            : problem.Kind == ConnectorErrorKind.Configuration ? ProblemKind.Credentials
            : ProblemKind.Unreachable;
        return FailedAsync(connection, run, kind, problem.Message, cancellationToken);
    }

    /// <returns>How many runs in a row have now failed.</returns>
    public async Task<int> FailedAsync(string connection, string run, ProblemKind kind, string message, CancellationToken cancellationToken)
    {
        var before = await ReadAsync(connection, cancellationToken);
        var (last, success) = run == "sync" ? (before.SyncProblem, before.LastSync) : (before.DunningProblem, before.LastDunning);
        var runs = last is not null && (success is null || last.At > success) ? last.Runs + 1 : 1;
        await ledger.SetValueAsync($"{Prefix}{connection}:{run}:problem", JsonSerializer.Serialize(new Problem(kind, PlatformText.OneLine(message), clock.UtcNow, runs)), cancellationToken);
        return runs;
    }

    public async Task<Snapshot> ReadAsync(string connection, CancellationToken cancellationToken)
    {
        var values = await ledger.GetValuesAsync($"{Prefix}{connection}:", cancellationToken);
        DateTimeOffset? Ok(string run) => values.TryGetValue($"{Prefix}{connection}:{run}:ok", out var at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : null;
        Problem? Last(string run) => values.TryGetValue($"{Prefix}{connection}:{run}:problem", out var json) ? JsonSerializer.Deserialize<Problem>(json) : null;
        return new Snapshot(Ok("sync"), Last("sync"), Ok("dunning"), Last("dunning"));
    }

    /// <summary>The last problem of a run, or null when a success came after it.</summary>
    public sealed record Snapshot(DateTimeOffset? LastSync, Problem? SyncProblem, DateTimeOffset? LastDunning, Problem? DunningProblem)
    {
        public Problem? Current => new[] { Still(SyncProblem, LastSync), Still(DunningProblem, LastDunning) }.Where(p => p is not null).MaxBy(p => p!.At);

        private static Problem? Still(Problem? problem, DateTimeOffset? success) => problem is not null && (success is null || problem.At > success) ? problem : null;
    }

    /// <param name="Runs">Runs in a row that failed.</param>
    public sealed record Problem(ProblemKind Kind, string Message, DateTimeOffset At, int Runs = 1);
}

public enum ProblemKind
{
    /// <summary>Credentials or configuration rejected: only an admin can fix it.</summary>
    Credentials,

    /// <summary>The platform's rate limit or quota paused the connection; it resumes by itself.</summary>
    Quota,

    /// <summary>The platform did not answer or failed; retried by the next run.</summary>
    Unreachable,
}
