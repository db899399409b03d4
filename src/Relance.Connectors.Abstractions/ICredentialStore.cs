namespace Relance.Connectors;

/// <summary>
/// Durable storage for credentials a platform rotates (OAuth refresh tokens), provided by the host: a local file by
/// default, Azure Key Vault when configured. A connector writes the newest value before it uses what came with it.
/// </summary>
public interface ICredentialStore
{
    /// <summary>The stored value, or null when nothing was stored under <paramref name="key"/>.</summary>
    Task<string?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Replaces the value durably and atomically: once this returns, no crash brings the previous value back.</summary>
    Task WriteAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Holds <paramref name="key"/> exclusively — across processes where the store can (the worker and a CLI command on
    /// one machine) — for a read-refresh-write cycle. Dispose to release.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken);
}
