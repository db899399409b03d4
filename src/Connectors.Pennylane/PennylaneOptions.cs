using System.ComponentModel.DataAnnotations;

namespace Relance.Connectors.Pennylane;

/// <summary>A Pennylane connection's <c>Settings</c>. Values marked unverified in the API notes are options with the best guess as default.</summary>
public sealed class PennylaneOptions
{
    /// <summary><value>The default value is the production API, https://app.pennylane.com/api/external/v2/.</value></summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("https://app.pennylane.com/api/external/v2/");

    /// <summary>Company API token, firm API token (then set <see cref="CompanyId"/>) or OAuth access token.</summary>
    [Required(ErrorMessage = "Token is required: a Pennylane company API token (Settings > Developers) or a secret reference.")]
    public string Token { get; set; } = "";

    /// <summary>With a firm token: the client company to act on, sent in <see cref="CompanyIdHeader"/>.</summary>
    public string? CompanyId { get; set; }

    /// <summary>Header carrying the company id for firm tokens (unverified). <value>The default value is "X-Company-Id".</value></summary>
    [Required]
    public string CompanyIdHeader { get; set; } = "X-Company-Id";

    /// <summary><value>The default value is 100, the documented maximum.</value></summary>
    [Range(1, PennylaneConstants.MaxPageSize)]
    public int PageSize { get; set; } = PennylaneConstants.MaxPageSize;

    /// <summary>
    /// Safety cap on pages per list, against a server whose cursors never end (10 000 pages of 100 is a million
    /// invoices). <value>The default value is 10000.</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 10_000;

    /// <summary>
    /// Invoice pages read between two saved positions of a full read: a crash or a stop loses at most this many pages,
    /// and the customers of those invoices are read at each position. <value>The default value is 100 (10 000
    /// invoices).</value>
    /// </summary>
    [Range(1, 1_000_000)]
    public int ProgressPages { get; set; } = 100;

    /// <summary>Requests allowed per window and token. <value>The default value is 25 (documented: 25 per 5 s).</value></summary>
    [Range(1, 10_000)]
    public int RateLimitPermits { get; set; } = 25;

    /// <summary><value>The default value is 5 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Path segment of the comment endpoint under an invoice (unverified). <value>The default value is "comments".</value></summary>
    [Required]
    public string CommentsPath { get; set; } = "comments";

    /// <summary>JSON field holding the comment text (unverified). <value>The default value is "content".</value></summary>
    [Required]
    public string CommentField { get; set; } = "content";

    /// <summary>
    /// Whether <c>GET …/comments</c> exists (unverified): used to look for an earlier attempt's marker before re-posting
    /// a note. <value>The default value is true.</value>
    /// </summary>
    public bool CanListComments { get; set; } = true;

    /// <summary>The company uses Pennylane's own automatic reminders (not visible through the API).</summary>
    public bool PlatformRemindersActive { get; set; }
}
