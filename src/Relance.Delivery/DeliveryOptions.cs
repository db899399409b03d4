using System.ComponentModel.DataAnnotations;

namespace Relance.Delivery;

/// <summary>Bound from <c>Relance:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Relance:Delivery";

    /// <summary><value>The default value is <see cref="DeliveryMode.Outbox"/>: nothing leaves the machine until SMTP is configured.</value></summary>
    public DeliveryMode Mode { get; set; } = DeliveryMode.Outbox;

    /// <summary><value>The default value is "data/outbox".</value></summary>
    [Required]
    public string OutboxDirectory { get; set; } = "data/outbox";

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Bound from <c>Relance:Delivery:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Log in with an OAuth2 access token (SASL XOAUTH2) instead of a password: Microsoft 365, which no longer takes
    /// passwords. <see cref="UserName"/> is then the mailbox sent from.
    /// </summary>
    public SmtpOAuth2Options OAuth2 { get; set; } = new();
}

/// <summary>
/// Bound from <c>Relance:Delivery:Smtp:OAuth2</c>: where the token comes from (Azure.Identity), an app registration's
/// client secret or the machine's managed identity.
/// </summary>
public sealed class SmtpOAuth2Options
{
    /// <summary>The Entra ID tenant of the app registration (client secret only).</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's client id; with <see cref="ManagedIdentity"/>, a user-assigned identity's (optional).</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret, typically <c>secret:smtp-client-secret</c>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Use the managed identity of the Azure machine or App Service Relance runs on.</summary>
    public bool ManagedIdentity { get; set; }

    /// <summary><value>The default value is "https://outlook.office365.com/.default" (SMTP AUTH on Exchange Online).</value></summary>
    public string Scope { get; set; } = "https://outlook.office365.com/.default";

    /// <summary>What keeps a token from being had, each naming its key under <paramref name="path"/> (…:OAuth2's parent).</summary>
    public IEnumerable<string> Problems(string path, string? password)
    {
        if (!string.IsNullOrEmpty(password))
        {
            yield return $"{path}:Password and {path}:OAuth2 are both set: choose one (remove the password to log in with a token).";
        }

        if (!ManagedIdentity && (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            yield return $"{path}:OAuth2 needs TenantId, ClientId and ClientSecret (an app registration), or ManagedIdentity: true.";
        }

        if (ManagedIdentity && !string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return $"{path}:OAuth2:ClientSecret is set with ManagedIdentity: true; a managed identity has no secret (remove one of them).";
        }

        if (!Uri.TryCreate(Scope, UriKind.Absolute, out _))
        {
            yield return $"{path}:OAuth2:Scope '{Scope}' is not a scope URI (e.g. https://outlook.office365.com/.default).";
        }
    }

    /// <summary>True when a token source is configured: the password is then not used.</summary>
    public bool Enabled => ManagedIdentity || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientSecret);
}
