namespace Relance.Delivery;

/// <summary>Access tokens for SMTP's XOAUTH2 login (<see cref="SmtpOAuth2Options"/>); cached by their source.</summary>
public interface ISmtpAccessTokens
{
    /// <summary>A valid access token for the configured scope; throws when none can be had, saying why.</summary>
    Task<string> GetAsync(CancellationToken cancellationToken);
}
