using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// What the credential store holds for one realm. <see cref="Seed"/> fingerprints the configured
/// <c>Settings:RefreshToken</c> the state grew from, so a new value typed in by an admin wins over the stored one.
/// </summary>
internal sealed record TokenState(
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("access_token")] string? AccessToken = null,
    [property: JsonPropertyName("access_expires_at")] DateTimeOffset? AccessExpiresAt = null,
    [property: JsonPropertyName("refresh_expires_at")] DateTimeOffset? RefreshExpiresAt = null,
    [property: JsonPropertyName("hard_expires_at")] DateTimeOffset? HardExpiresAt = null,
    [property: JsonPropertyName("seed")] string? Seed = null,
    [property: JsonPropertyName("reauthorize")] string? Reauthorize = null,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt = null)
{
    /// <summary>Refresh this long before the hour is up, so no request carries a token about to expire.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The refresh margin: <see cref="Skew"/>, but never more than a tenth of the token's lifetime — a server that
    /// issues one-minute tokens would otherwise get a refresh before every call.
    /// </summary>
    public TimeSpan Margin => AccessExpiresAt is { } expires && UpdatedAt is { } issued && expires > issued
        ? TimeSpan.FromTicks(Math.Min(Skew.Ticks, (expires - issued).Ticks / 10))
        : Skew;

    public bool HasUsableAccess(DateTimeOffset now) => AccessToken is not null && AccessExpiresAt - Margin > now;

    public string Serialize() => JsonSerializer.Serialize(this);

    public static TokenState? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<TokenState>(json);

    public static string? Fingerprint(string? configured) =>
        string.IsNullOrEmpty(configured) ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(configured)))[..16];
}
