using System.Security.Cryptography;

namespace Relance.Simulators.QuickBooks;

/// <summary>
/// Intuit's OAuth2 server as the notes describe it: one-hour access tokens, refresh tokens that rotate and stop
/// working once replaced, and the reuse hazard — refreshing with a replaced token revokes its successor too.
/// </summary>
public sealed class QuickBooksOAuth(QuickBooksSimulatorOptions options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RefreshToken> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Realm, DateTimeOffset Expires)> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Realm, Uri Redirect, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);

    /// <summary>Successful refreshes so far.</summary>
    public int Refreshes { get; private set; }

    /// <summary>Refreshes refused with invalid_grant.</summary>
    public int RejectedRefreshes { get; private set; }

    /// <summary>Tokens as if the company had authorised the app earlier (what the CLI helper would have stored).</summary>
    public (string AccessToken, string RefreshToken) IssueInitialTokens() => Locked(() => (NewAccess(), NewRefresh().Value));

    /// <summary>The user disconnected the app in QuickBooks: every token of the realm stops working.</summary>
    public void RevokeAll() => Locked(() =>
    {
        foreach (var token in _refresh.Values)
        {
            token.Revoked = true;
        }

        _access.Clear();
        return 0;
    });

    /// <summary>Access tokens issued so far expire now (as one hour later would).</summary>
    public void ExpireAccessTokens() => Locked(() =>
    {
        foreach (var key in _access.Keys.ToList())
        {
            _access[key] = (_access[key].Realm, clock.GetUtcNow().AddSeconds(-1));
        }

        return 0;
    });

    /// <summary>Every access and refresh token issued so far: what a leak scan looks for.</summary>
    public IReadOnlyList<string> IssuedTokens => Locked(() => _access.Keys.Concat(_refresh.Keys).ToList());

    public bool IsRefreshTokenValid(string token) => Locked(() => _refresh.TryGetValue(token, out var t) && !t.Revoked && t.ReplacedBy is null);

    internal string IssueCode(Uri redirect) => Locked(() =>
    {
        var code = Random("AB");
        _codes[code] = (options.RealmId, redirect, clock.GetUtcNow().AddMinutes(5));
        return code;
    });

    internal bool ValidAccess(string token, string realm) => Locked(() => _access.TryGetValue(token, out var a) && a.Realm == realm && a.Expires > clock.GetUtcNow());

    internal TokenResult Exchange(string code, string? redirect) => Locked(() =>
    {
        if (!_codes.Remove(code, out var issued) || issued.Expires <= clock.GetUtcNow() || issued.Redirect.ToString() != redirect)
        {
            return TokenResult.Invalid;
        }

        return new TokenResult(NewAccess(), NewRefresh().Value);
    });

    internal TokenResult Refresh(string token) => Locked(() =>
    {
        if (!_refresh.TryGetValue(token, out var current) || current.Revoked)
        {
            RejectedRefreshes++;
            return TokenResult.Invalid;
        }

        if (current.ReplacedBy is { } successor)
        {
            RejectedRefreshes++;
            if (options.RevokeOnReuse && _refresh.TryGetValue(successor, out var next))
            {
                next.Revoked = true;
            }

            return TokenResult.Invalid;
        }

        Refreshes++;
        var refresh = current;
        if (options.RotateOnEveryRefresh)
        {
            refresh = NewRefresh();
            current.ReplacedBy = refresh.Value;
        }

        return new TokenResult(NewAccess(), refresh.Value);
    });

    private string NewAccess()
    {
        var token = Random("eyJ");
        _access[token] = (options.RealmId, clock.GetUtcNow() + options.AccessTokenLifetime);
        return token;
    }

    private RefreshToken NewRefresh()
    {
        var token = new RefreshToken(Random("RT1-"));
        _refresh[token.Value] = token;
        return token;
    }

    private static string Random(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    private sealed class RefreshToken(string value)
    {
        public string Value { get; } = value;

        public string? ReplacedBy { get; set; }

        public bool Revoked { get; set; }
    }

    internal sealed record TokenResult(string? AccessToken, string? RefreshToken)
    {
        public static TokenResult Invalid { get; } = new(null, null);

        public bool Ok => AccessToken is not null;
    }
}
