using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Relance.Delivery;

namespace Relance.Engine.Credentials;

/// <summary>
/// SMTP access tokens from Azure.Identity: an app registration's client secret, or the managed identity of the
/// machine Relance runs on. The credential caches the token and renews it before it expires.
/// </summary>
internal sealed class AzureSmtpAccessTokens(IOptions<DeliveryOptions> options) : ISmtpAccessTokens
{
    private readonly Lazy<TokenCredential> _credential = new(() => Create(options.Value.Smtp.OAuth2));

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var oauth = options.Value.Smtp.OAuth2;
        var token = await _credential.Value.GetTokenAsync(new TokenRequestContext([oauth.Scope]), cancellationToken);
        return token.Token;
    }

    private static TokenCredential Create(SmtpOAuth2Options oauth) => oauth.ManagedIdentity
        ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(oauth.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(oauth.ClientId))
        : new ClientSecretCredential(oauth.TenantId, oauth.ClientId, oauth.ClientSecret);
}
