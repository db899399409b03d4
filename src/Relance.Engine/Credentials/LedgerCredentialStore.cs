using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Credentials;

/// <summary>
/// Rotated credentials in the ledger database, for several hosts sharing one PostgreSQL ledger without Key Vault:
/// every host reads the newest token, and the refresh cycle runs under an advisory lock held across hosts.
/// </summary>
public sealed class LedgerCredentialStore(IDunningLedger ledger) : ICredentialStore
{
    private const string Prefix = "credential:";

    public Task<string?> ReadAsync(string key, CancellationToken cancellationToken) => ledger.GetValueAsync(Prefix + key, cancellationToken);

    public Task WriteAsync(string key, string value, CancellationToken cancellationToken) => ledger.SetValueAsync(Prefix + key, value, cancellationToken);

    public Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken) => ledger.LockAsync(Prefix + key, cancellationToken);
}
