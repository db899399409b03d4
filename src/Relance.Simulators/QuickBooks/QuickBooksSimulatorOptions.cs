namespace Relance.Simulators.QuickBooks;

/// <summary>How the QuickBooks Online simulator behaves and what it holds.</summary>
public sealed class QuickBooksSimulatorOptions
{
    public string RealmId { get; init; } = "9130357992220005";

    public string CompanyName { get; init; } = "Thistle & Oak Ltd";

    /// <summary>ISO country of the company (<c>CompanyInfo.Country</c>).</summary>
    public string Country { get; init; } = "GB";

    public string HomeCurrency { get; init; } = "GBP";

    public string ClientId { get; init; } = "sim-qbo-client";

    public string ClientSecret { get; init; } = "sim-qbo-secret";

    /// <summary>Key of the <c>intuit-signature</c> HMAC on webhook deliveries.</summary>
    public string WebhookVerifierToken { get; init; } = "sim-qbo-verifier";

    /// <summary>Rotate the refresh token at every refresh (Intuit rotates about daily): the strictest case.</summary>
    public bool RotateOnEveryRefresh { get; init; } = true;

    /// <summary>
    /// A refresh with an already-rotated token revokes the token issued in its place (Intuit's reuse hazard), so
    /// a double refresh forces a re-authorisation.
    /// </summary>
    public bool RevokeOnReuse { get; init; } = true;

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Requests per rolling minute per realm (real time) before 429.</summary>
    public int RequestsPerMinute { get; init; } = 500;

    /// <summary>The window <see cref="RequestsPerMinute"/> counts over: a minute, shorter only to compress time in a benchmark.</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests in flight per realm before 429.</summary>
    public int MaxConcurrentRequests { get; init; } = 10;

    /// <summary>Send <c>Retry-After</c> with a 429 (Intuit documents only "wait 60 seconds").</summary>
    public int? ThrottleRetryAfterSeconds { get; init; }

    /// <summary>Objects per CDC response, all entities together.</summary>
    public int CdcMaxObjects { get; init; } = 1000;

    /// <summary>Entities the change feed refuses with a 400 (a stricter server's reading of the supported list).</summary>
    public IList<string> CdcRefusedEntities { get; init; } = [];

    /// <summary>Queries filtered on <c>MetaData.LastUpdatedTime</c> answer 400 (a server that does not support it).</summary>
    public bool RefuseLastUpdatedQueries { get; init; }

    /// <summary>Queries on the Payment entity answer 400 (a server that serves invoices and customers only).</summary>
    public bool RefusePaymentQueries { get; init; }

    /// <summary>Largest MAXRESULTS honoured.</summary>
    public int MaxResults { get; init; } = 1000;

    /// <summary>Invoice e-mails per simulated day per realm (sandbox: 40). 0: unlimited.</summary>
    public int EmailsPerDay { get; init; }

    /// <summary>Artificial latency per API call, to make concurrency visible.</summary>
    public TimeSpan Latency { get; init; }

    public int InvoiceCount { get; init; } = 30;

    public int Seed { get; init; } = 11;

    /// <summary>Share of open invoices paid at a scheduled date in the next 60 days (the demo's payments).</summary>
    public double ScheduledPaymentShare { get; init; } = 0.3;
}
