using System.ComponentModel.DataAnnotations;

namespace Relance.Connectors.QuickBooks;

/// <summary>A QuickBooks Online connection's <c>Settings</c> (one company = one realm).</summary>
public sealed class QuickBooksOptions
{
    /// <summary>The company id (realmId) shown in the redirect after authorisation.</summary>
    [Required(ErrorMessage = "RealmId is required: the QuickBooks company id (realmId), given by `relance authorize`.")]
    public string RealmId { get; set; } = "";

    /// <summary>Production or Sandbox: picks the default <see cref="BaseAddress"/>. <value>The default value is Production.</value></summary>
    public QuickBooksEnvironment Environment { get; set; } = QuickBooksEnvironment.Production;

    /// <summary>Overrides the API host (simulators, proxies). Null: Intuit's production or sandbox host.</summary>
    public Uri? BaseAddress { get; set; }

    [Required(ErrorMessage = "ClientId is required: the app's Client ID (Intuit developer portal → Keys and credentials).")]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "ClientSecret is required: the app's Client Secret; use secret:NAME to keep it out of appsettings.")]
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// The first refresh token, when not obtained with <c>relance authorize</c>. Rotated tokens are kept in the
    /// credential store; putting a different value here later replaces them (a manual re-authorisation).
    /// </summary>
    public string? RefreshToken { get; set; }

    /// <summary><value>The default value is https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer.</value></summary>
    [Required]
    public Uri TokenEndpoint { get; set; } = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    /// <summary><value>The default value is https://appcenter.intuit.com/connect/oauth2.</value></summary>
    [Required]
    public Uri AuthorizationEndpoint { get; set; } = new("https://appcenter.intuit.com/connect/oauth2");

    /// <summary>Sent as <c>minorversion</c> (versions below 75 are ignored by Intuit since August 2025). <value>The default value is 75.</value></summary>
    [Range(1, 1000)]
    public int MinorVersion { get; set; } = 75;

    /// <summary>MAXRESULTS of a query page (Intuit's maximum is 1000). <value>The default value is 1000.</value></summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// Safety cap on pages per query, against a server whose pages never come back short.
    /// <value>The default value is 10000.</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 10_000;

    /// <summary>
    /// Query pages of open invoices read between two saved positions of a full read: a crash or a stop loses at most
    /// this many pages, and the customers and payments of those invoices are read at each position.
    /// <value>The default value is 10 (10 000 invoices).</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int ProgressPages { get; set; } = 10;

    /// <summary>A CDC answer with this many objects may be cut off (Intuit caps at 1000 across entities). <value>The default value is 1000.</value></summary>
    [Range(1, 1000)]
    public int CdcMaxObjects { get; set; } = 1000;

    /// <summary>A full re-read at least this often catches what incremental reads cannot see. <value>The default value is 7 days.</value></summary>
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Requests per minute per realm (Intuit: 500). <value>The default value is 500.</value></summary>
    [Range(1, 10_000)]
    public int RequestsPerMinute { get; set; } = 500;

    /// <summary>Requests per second per realm (Intuit: 10). <value>The default value is 10.</value></summary>
    [Range(1, 1_000)]
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Requests in flight per realm (Intuit: 10). <value>The default value is 10.</value></summary>
    [Range(1, 100)]
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Wait after a 429 without <c>Retry-After</c> (Intuit says 60 s; whether it sends the header is unverified). <value>The default value is 60 seconds.</value></summary>
    public TimeSpan ThrottleDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Ask for <c>invoiceLink</c> (pay-online URL) when reading invoices — supported on reads; on queries unverified. <value>The default value is true.</value></summary>
    public bool IncludeInvoiceLink { get; set; } = true;

    /// <summary>
    /// Let QuickBooks e-mail the invoice itself (<c>/invoice/{id}/send</c>) when a policy step uses the platform
    /// channel. <value>The default value is false.</value>
    /// </summary>
    public bool NativeSend { get; set; }

    /// <summary>Template language of customers (QuickBooks has no language field); French customers get "fr". <value>The default value is "en".</value></summary>
    public string Language { get; set; } = "en";

    /// <summary>Currency of invoices that carry no <c>CurrencyRef</c> (single-currency companies); null: such invoices are skipped.</summary>
    public string? HomeCurrency { get; set; }

    /// <summary>
    /// Verifier token of the app's webhooks (Intuit developer portal → Webhooks; one per environment). Needed only when
    /// <c>Relance:Webhooks:Enabled</c> is true.
    /// </summary>
    public string? WebhookVerifierToken { get; set; }

    internal Uri ApiBase => BaseAddress ?? new Uri(Environment == QuickBooksEnvironment.Sandbox ? "https://sandbox-quickbooks.api.intuit.com" : "https://quickbooks.api.intuit.com");

    internal string CredentialKey => $"quickbooks-{RealmId}";
}

public enum QuickBooksEnvironment
{
    Production,
    Sandbox,
}
