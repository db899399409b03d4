namespace Relance.Delivery;

/// <summary>
/// Access tokens for an XOAUTH2 login (SMTP's <c>Relance:Delivery:Smtp:OAuth2</c>, the reply mailbox's
/// <c>Relance:Inbox:OAuth2</c>); cached by their source.
/// </summary>
public interface ISmtpAccessTokens
{
    /// <summary>A valid access token for <paramref name="oauth"/>'s scope; throws when none can be had, saying why.</summary>
    Task<string> GetAsync(SmtpOAuth2Options oauth, CancellationToken cancellationToken);
}
