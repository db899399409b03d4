using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Connections;

/// <summary>
/// The ledger's named lock for one kind of work on one connection, shared by every process and host using that
/// ledger. Held too long by another, it ends the waiting run with <paramref name="busy"/>, a transient failure the
/// next run gets past.
/// </summary>
internal static class ConnectionLocks
{
    public static async Task<IAsyncDisposable> HoldAsync(IDunningLedger ledger, string work, string connection, string busy, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.LockAsync($"{work}:{connection}", cancellationToken);
        }
        catch (IOException ex)
        {
            throw new ConnectorException(ConnectorErrorKind.Transient, busy, ex);
        }
    }
}
