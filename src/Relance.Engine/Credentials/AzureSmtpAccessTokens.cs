using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Relance.Delivery;

namespace Relance.Engine.Credentials;

/// <summary>
/// Access tokens from Azure.Identity: an app registration's client secret, or the managed identity of the machine
/// Relance runs on. One credential per configuration (SMTP and the reply mailbox may differ); each caches its token and
/// renews it before it expires.
/// </summary>
internal sealed class AzureSmtpAccessTokens : ISmtpAccessTokens
{
    private readonly ConcurrentDictionary<(bool, string?, string?, string?), TokenCredential> _credentials = new();

    public async Task<string> GetAsync(SmtpOAuth2Options oauth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        var credential = _credentials.GetOrAdd((oauth.ManagedIdentity, oauth.TenantId, oauth.ClientId, oauth.ClientSecret), _ => Create(oauth));
        var token = await credential.GetTokenAsync(new TokenRequestContext([oauth.Scope]), cancellationToken);
        return token.Token;
    }

    private static TokenCredential Create(SmtpOAuth2Options oauth) => oauth.ManagedIdentity
        ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(oauth.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(oauth.ClientId))
        : new ClientSecretCredential(oauth.TenantId, oauth.ClientId, oauth.ClientSecret);
}
