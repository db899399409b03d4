using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Relance.Connectors;

namespace Relance.Engine.Credentials;

/// <summary>
/// Rotated credentials as Key Vault secrets (each write is a new secret version, atomic on the vault's side), so that
/// several hosts of a cluster read the same newest token.
/// </summary>
public sealed class KeyVaultCredentialStore(SecretClient client) : ICredentialStore
{
    public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetSecretAsync(SecretName(key), cancellationToken: cancellationToken)).Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task WriteAsync(string key, string value, CancellationToken cancellationToken) =>
        client.SetSecretAsync(SecretName(key), value, cancellationToken);

    /// <summary>
    /// Key Vault has no lock: within a process the connector serialises refreshes itself, and across hosts Quartz runs
    /// one job per connection at a time.
    /// </summary>
    public Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    /// <summary>Key Vault names allow letters, digits and dashes only.</summary>
    public static string SecretName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = new StringBuilder("relance-");
        foreach (var c in key)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return name.ToString();
    }
}

file sealed class NoLock : IAsyncDisposable
{
    public static readonly NoLock Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
