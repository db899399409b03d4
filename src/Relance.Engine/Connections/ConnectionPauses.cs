using System.Globalization;
using Relance.Ledger;

namespace Relance.Engine.Connections;

/// <summary>
/// Remembers, in the ledger, that a platform asked a connection to stop calling until a time (a daily quota):
/// syncs and dunning runs of that connection are skipped until then; other connections are untouched.
/// </summary>
public sealed class ConnectionPauses(IDunningLedger ledger, RelanceClock clock)
{
    public async Task<DateTimeOffset?> PausedUntilAsync(string connection, CancellationToken cancellationToken)
    {
        var value = await ledger.GetValueAsync(Key(connection), cancellationToken);
        return value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) && until > clock.UtcNow
            ? until
            : null;
    }

    public Task PauseAsync(string connection, DateTimeOffset until, CancellationToken cancellationToken) =>
        ledger.SetValueAsync(Key(connection), until.ToString("O", CultureInfo.InvariantCulture), cancellationToken);

    private static string Key(string connection) => $"pause:{connection}";
}
