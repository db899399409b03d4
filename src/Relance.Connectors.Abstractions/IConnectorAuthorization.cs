namespace Relance.Connectors;

/// <summary>
/// Optional, on an <see cref="IConnectorFactory"/> whose platform uses the OAuth2 authorisation-code flow: the
/// <c>relance authorize</c> command opens <see cref="BuildAuthorizationUrl"/> for the admin, receives the redirect
/// on loopback and hands its query to <see cref="CompleteAsync"/>, which stores the first tokens in
/// <see cref="ConnectionContext.Credentials"/>.
/// </summary>
public interface IConnectorAuthorization
{
    Uri BuildAuthorizationUrl(ConnectionContext context, Uri redirectUri, string state);

    /// <summary>Exchanges the code of the redirect's query and stores the tokens; returns a line for the admin.</summary>
    Task<string> CompleteAsync(ConnectionContext context, Uri redirectUri, IReadOnlyDictionary<string, string> callbackQuery, CancellationToken cancellationToken);
}
