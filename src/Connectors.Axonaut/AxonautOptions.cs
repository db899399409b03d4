using System.ComponentModel.DataAnnotations;

namespace Relance.Connectors.Axonaut;

/// <summary>An Axonaut connection's <c>Settings</c>.</summary>
public sealed class AxonautOptions
{
    /// <summary><value>The default value is https://axonaut.com/api/v2/.</value></summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("https://axonaut.com/api/v2/");

    /// <summary>The user API key (Axonaut: Paramètres → Extensions &amp; API → API), sent as the <c>userApiKey</c> header.</summary>
    [Required(ErrorMessage = "ApiKey is required: the Axonaut user API key of a user with role manager, accounting or business.")]
    public string ApiKey { get; set; } = "";

    /// <summary>Time zone of Axonaut's day-precision filters. <value>The default value is "Europe/Paris".</value></summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Safety cap on pages per list (the API has no total). <value>The default value is 1000.</value></summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 1000;

    /// <summary>
    /// Records per page of every list, when known. Axonaut does not publish it (about 50 is reported): unset, a list is
    /// read until an empty page, one request more per list; set, a shorter page ends it. Set it only once confirmed on
    /// the account: a wrong value would end lists early. <value>The default value is null (unknown).</value>
    /// </summary>
    [Range(1, 10_000)]
    public int? PageSize { get; set; }

    /// <summary>
    /// From this many companies to read in one sync, they are read from the company list (<c>GET /companies</c>, a page
    /// holds about 50) instead of one request each. <value>The default value is 10.</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int ListCompaniesFrom { get; set; } = 10;

    /// <summary>
    /// Every this many days, an incremental sync reads the whole company list again (contacts and their e-mails change
    /// without their invoices; Axonaut has no filter on changed companies). In between, only the companies Relance
    /// does not hold yet are read. <value>The default value is 7.</value>
    /// </summary>
    [Range(1, 365)]
    public int CompaniesRefreshDays { get; set; } = 7;

    /// <summary>
    /// From this many invoices without <c>outstanding_amount</c> in one read, their payments are read from the payment
    /// list filtered by date (<c>GET /payments?date_after=</c>, about 50 a request) instead of one request per invoice.
    /// The list read stops, and the invoices are read one by one, once it has cost a quarter of what they would.
    /// <value>The default value is 10.</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int ListPaymentsFrom { get; set; } = 10;

    /// <summary>
    /// The payment list is read from this many days before the earliest issue date of those invoices: a payment
    /// recorded before its invoice's date is still found. <value>The default value is 31.</value>
    /// </summary>
    [Range(0, 3650)]
    public int PaymentsBeforeIssueDays { get; set; } = 31;

    /// <summary>Client-side requests per second (no limit is documented; a daily quota exists). <value>The default value is 2.</value></summary>
    [Range(1, 10_000)]
    public int RequestsPerSecond { get; set; } = 2;

    /// <summary>
    /// Let Axonaut send the reminder itself (an e-mail event with the invoice attached, then <c>POST /events/{id}/send</c>)
    /// when a policy step uses the platform channel. <value>The default value is false.</value>
    /// </summary>
    public bool NativeSend { get; set; }

    /// <summary>When Axonaut answers 429 without Retry-After, wait until this local time the next day. <value>The default value is 00:10.</value></summary>
    public TimeSpan QuotaResetTime { get; set; } = TimeSpan.FromMinutes(10);
}
