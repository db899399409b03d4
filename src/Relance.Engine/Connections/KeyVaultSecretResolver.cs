using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Relance.Engine.Connections;

/// <summary>Reads secrets from Azure Key Vault; falls back to configuration for names the vault does not hold.</summary>
public sealed class KeyVaultSecretResolver(SecretClient client, ConfigurationSecretResolver fallback) : ISecretResolver
{
    public async Task<string> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.GetSecretAsync(name, cancellationToken: cancellationToken);
            return secret.Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await fallback.ResolveAsync(name, cancellationToken);
        }
    }
}
