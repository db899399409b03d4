using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Relance.Connectors.Http;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// Hands out access tokens per realm. Refreshes are serialised per realm (never two with one refresh token: Intuit
/// may then revoke both), and the rotated refresh token is written to the credential store before the new access
/// token is used — if that write fails the token is not used and the error surfaces.
/// </summary>
internal sealed partial class QuickBooksTokens(IHttpClientFactory http, ILogger<QuickBooksTokens> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, RealmState> _realms = new(StringComparer.Ordinal);

    /// <summary>
    /// Called at each step of a refresh (<see cref="RefreshStep"/>); a test throws from it to stand for a process
    /// killed at that very point, then starts again from what was stored.
    /// </summary>
    internal Action<RefreshStep>? StepReached { get; set; }

    public RealmState Realm(QuickBooksOptions options) => _realms.GetOrAdd(options.RealmId, _ => new RealmState(options));

    /// <param name="rejected">The access token the platform just refused (401): refresh unless someone already did.</param>
    public async Task<string> AccessTokenAsync(QuickBooksOptions options, ConnectionContext context, string? rejected, CancellationToken cancellationToken)
    {
        var realm = Realm(options);
        var now = context.TimeProvider.GetUtcNow();
        if (rejected is null && realm.Tokens is { } cached && cached.HasUsableAccess(now) && cached.Reauthorize is null)
        {
            return cached.AccessToken!;
        }

        await realm.Refresh.WaitAsync(cancellationToken);
        try
        {
            // Another process (a CLI command beside the worker) may be refreshing too: one at a time per realm.
            await using var held = await Store(context).LockAsync(options.CredentialKey, cancellationToken);

            // It (or an earlier run) may have rotated the token: the store, not memory, is the truth here.
            var state = await LoadAsync(options, context, cancellationToken);
            if (state.Reauthorize is { } stopped)
            {
                realm.Tokens = state;
                throw Reauthorize(context, stopped);
            }

            if (state.HasUsableAccess(now) && state.AccessToken != rejected)
            {
                realm.Tokens = state;
                return state.AccessToken!;
            }

            StepReached?.Invoke(RefreshStep.Requesting);
            var response = await RequestAsync(options, context, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = state.RefreshToken }, cancellationToken);

            // From here until the write below, the rotated token lives only in this process: nothing else is done
            // in between (no logging, no check), and the store makes the write durable (fsync + rename, a commit,
            // a Key Vault version) before the new access token is used.
            StepReached?.Invoke(RefreshStep.Answered);
            if (response.InvalidGrant)
            {
                var reason = $"QuickBooks refused the refresh token of realm {options.RealmId} (invalid_grant: {response.ErrorDescription}). The company disconnected the app, or the token expired or was rotated elsewhere.";
                realm.Tokens = state with { Reauthorize = reason, AccessToken = null, UpdatedAt = now };
                await Store(context).WriteAsync(options.CredentialKey, realm.Tokens.Serialize(), cancellationToken);
                throw Reauthorize(context, reason);
            }

            var next = response.ToState(state.Seed, now, state.RefreshToken);
            await Store(context).WriteAsync(options.CredentialKey, next.Serialize(), CancellationToken.None);
            StepReached?.Invoke(RefreshStep.Stored);
            realm.Tokens = next;
            LogRefreshed(logger, context.Name, options.RealmId, next.RefreshToken != state.RefreshToken);
            WarnIfExpiring(context, next, now);
            StepReached?.Invoke(RefreshStep.Done);
            return next.AccessToken!;
        }
        finally
        {
            realm.Refresh.Release();
        }
    }

    /// <summary>The authorisation-code half of the flow: stores the first tokens of the realm.</summary>
    public async Task<TokenState> ExchangeCodeAsync(QuickBooksOptions options, ConnectionContext context, string code, Uri redirectUri, CancellationToken cancellationToken)
    {
        var realm = Realm(options);
        await realm.Refresh.WaitAsync(cancellationToken);
        try
        {
            await using var held = await Store(context).LockAsync(options.CredentialKey, cancellationToken);
            var response = await RequestAsync(
                options,
                context,
                new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri.ToString() },
                cancellationToken);
            if (response.InvalidGrant)
            {
                throw new ConnectorException(ConnectorErrorKind.Configuration, $"QuickBooks refused the authorisation code ({response.ErrorDescription ?? response.Error}): run `relance authorize --connection {context.Name}` again and finish within 5 minutes.");
            }

            var state = response.ToState(TokenState.Fingerprint(options.RefreshToken), context.TimeProvider.GetUtcNow(), previous: null);
            await Store(context).WriteAsync(options.CredentialKey, state.Serialize(), cancellationToken);
            realm.Tokens = state;
            return state;
        }
        finally
        {
            realm.Refresh.Release();
        }
    }

    public void Dispose()
    {
        foreach (var realm in _realms.Values)
        {
            realm.Dispose();
        }
    }

    private static async Task<TokenState> LoadAsync(QuickBooksOptions options, ConnectionContext context, CancellationToken cancellationToken)
    {
        var stored = TokenState.Parse(await Store(context).ReadAsync(options.CredentialKey, cancellationToken));
        var seed = TokenState.Fingerprint(options.RefreshToken);
        if (seed is not null && stored?.Seed != seed)
        {
            // First start, or the admin typed in a new token: it replaces whatever was stored.
            return new TokenState(options.RefreshToken!, Seed: seed);
        }

        return stored ?? throw new ConnectorException(
            ConnectorErrorKind.Configuration,
            $"Connection '{context.Name}' has no QuickBooks tokens yet: run `relance authorize --connection {context.Name}` (or set Relance:Connections:{context.Name}:Settings:RefreshToken).");
    }

    private async Task<TokenResponse> RequestAsync(QuickBooksOptions options, ConnectionContext context, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}")));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("x-include-refresh-token-hard-expires-in", "true");
        HttpResponseMessage response;
        try
        {
            // Not retried: a refresh whose answer was lost may have rotated the token already. Not cancelled either
            // (a stop waits for it, the client's 30 s timeout bounds it): cancelling once the request is out would
            // drop a rotated token exactly as a crash does.
            response = await http.CreateClient(QuickBooksConstants.OAuthClientName).SendAsync(request, CancellationToken.None);
        }
        catch (Exception ex) when (NetworkFailures.IsNetworkFailure(ex))
        {
            throw new ConnectorException(ConnectorErrorKind.Transient, $"Intuit's token endpoint {options.TokenEndpoint} is unreachable: {NetworkFailures.Describe(ex)}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            TokenResponse? parsed = null;
            try
            {
                parsed = JsonSerializer.Deserialize<TokenResponse>(body);
            }
            catch (JsonException)
            {
            }

            if (response.IsSuccessStatusCode && parsed?.AccessToken is not null)
            {
                return parsed;
            }

            if (parsed?.Error == "invalid_grant")
            {
                return parsed;
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized || parsed?.Error == "invalid_client")
            {
                throw new ConnectorException(ConnectorErrorKind.Configuration, $"Intuit rejected the app credentials of connection '{context.Name}' (invalid_client): check Relance:Connections:{context.Name}:Settings:ClientId and ClientSecret (production and sandbox keys differ).");
            }

            throw new ConnectorException(
                (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ? ConnectorErrorKind.Transient : ConnectorErrorKind.Platform,
                $"Intuit's token endpoint answered {(int)response.StatusCode} {parsed?.Error} for connection '{context.Name}'.");
        }
    }

    private void WarnIfExpiring(ConnectionContext context, TokenState state, DateTimeOffset now)
    {
        var horizon = now.AddDays(30);
        if (state.HardExpiresAt < horizon || state.RefreshExpiresAt < horizon)
        {
            LogExpiring(logger, context.Name, state.HardExpiresAt < state.RefreshExpiresAt ? state.HardExpiresAt : state.RefreshExpiresAt);
        }
    }

    private static ICredentialStore Store(ConnectionContext context) =>
        context.Credentials ?? throw new ConnectorException(ConnectorErrorKind.Configuration, $"Connection '{context.Name}': QuickBooks rotates its refresh token and needs a credential store, which this host does not provide.");

    private static ConnectorException Reauthorize(ConnectionContext context, string reason) =>
        new(ConnectorErrorKind.Configuration, $"{reason} Re-authorise: run `relance authorize --connection {context.Name}`.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: QuickBooks access token refreshed for realm {Realm} (refresh token rotated: {Rotated}, new one stored)")]
    private static partial void LogRefreshed(ILogger logger, string connection, string realm, bool rotated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: the QuickBooks authorisation expires on {ExpiresAt:yyyy-MM-dd}; re-authorise before then with `relance authorize`")]
    private static partial void LogExpiring(ILogger logger, string connection, DateTimeOffset? expiresAt);

    internal sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn,
        [property: JsonPropertyName("x_refresh_token_expires_in")] long? RefreshExpiresIn,
        [property: JsonPropertyName("x_refresh_token_hard_expires_in")] long? HardExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription = null)
    {
        public bool InvalidGrant => Error == "invalid_grant";

        public TokenState ToState(string? seed, DateTimeOffset now, string? previous) => new(
            RefreshToken ?? previous ?? throw new ConnectorException(ConnectorErrorKind.Platform, "Intuit's token answer carries no refresh_token."),
            AccessToken,
            now.AddSeconds(ExpiresIn ?? 3600),
            RefreshExpiresIn is { } rolling ? now.AddSeconds(rolling) : null,
            HardExpiresIn is { } hard ? now.AddSeconds(hard) : null,
            seed,
            Reauthorize: null,
            UpdatedAt: now);
    }
}

/// <summary>The points of a refresh where a crash leaves a different state behind.</summary>
internal enum RefreshStep
{
    /// <summary>The per-realm lock is held and the stored token read; the request is not sent.</summary>
    Requesting,

    /// <summary>Intuit answered (and may have rotated the refresh token); nothing is stored yet.</summary>
    Answered,

    /// <summary>The new tokens are durably stored; the process has not used them.</summary>
    Stored,

    /// <summary>The access token is handed to the call that needed it.</summary>
    Done,
}
