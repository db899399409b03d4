using Relance.Connectors;
using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary>One connection to one company on one platform (<c>Relance:Connections:{name}</c>).</summary>
public sealed class ConnectionOptions
{
    /// <summary>Connector type, e.g. "pennylane".</summary>
    public string Connector { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Name of a policy under <c>Relance:Policies</c>. <value>The default value is "default".</value></summary>
    public string Policy { get; set; } = "default";

    /// <summary>IANA or Windows time zone id; "today" and sending dates are computed in it. <value>The default value is "Europe/Paris".</value></summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Template language for customers whose language is unknown. <value>The default value is "fr".</value></summary>
    public string DefaultLanguage { get; set; } = "fr";

    public SenderOptions Sender { get; set; } = new();

    /// <summary>The creditor as its formal notices name it: letterhead, payment details, signatory.</summary>
    public CompanyOptions Company { get; set; } = new();

    /// <summary>Public holidays on which nothing is sent: "fr", "uk" or "none". <value>The default value is "fr".</value></summary>
    public string Calendar { get; set; } = "fr";

    /// <summary>Local hours during which reminders may go out, "HH:mm-HH:mm". <value>The default value is "09:00-18:00".</value></summary>
    public string SendingWindow { get; set; } = "09:00-18:00";

    /// <summary>Allow sending on Saturdays and Sundays. <value>The default value is false.</value></summary>
    public bool Weekends { get; set; }

    /// <summary>Platform tags/labels that mark an invoice or customer as disputed (never chased while present).</summary>
    public List<string> DisputeTags { get; set; } = ["litige", "disputed"];

    /// <summary>Platform tags that pause reminders for an invoice or customer.</summary>
    public List<string> PauseTags { get; set; } = ["relance-pause"];

    /// <summary>Customer tags meaning a collection or legal procedure is under way.</summary>
    public List<string> ProcedureTags { get; set; } = ["contentieux", "recouvrement", "collection"];

    /// <summary>Customers never reminded: ids, or "tag:NAME".</summary>
    public List<string> NeverRemind { get; set; } = [];

    /// <summary>
    /// Who a customer is, when the platform does not say or says it wrong: key a customer id or "tag:NAME", value
    /// Company or Individual. It decides the law (B2B penalties and the €40, or consumer rules) before the platform's
    /// own kind and <c>Law:BusinessToBusiness</c>.
    /// </summary>
    public Dictionary<string, CustomerKind> CustomerKinds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-customer policies: key is a customer id or "tag:NAME", value a policy name.</summary>
    public Dictionary<string, string> CustomerPolicies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The company's country, ISO 3166-1 alpha-2 (FR, GB, US…). Decides the late-payment law when
    /// <c>Law:Jurisdiction</c> is not set.
    /// </summary>
    public string? Country { get; set; }

    public LawOptions Law { get; set; } = new();

    /// <summary>
    /// How this account's people write amounts and dates (fr-FR: "1 234,56 €", en-GB: "£1,234.56"), in the CLI and
    /// the report. <value>The default value follows <see cref="DefaultLanguage"/>: fr-FR for fr, en-GB for en.</value>
    /// </summary>
    public string? Culture { get; set; }

    /// <summary>The time zone of <see cref="TimeZone"/>; UTC when the id is unknown (refused at start).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The culture of <see cref="Culture"/>, or the default one; invariant when the name is not a culture (refused at start).</summary>
    public System.Globalization.CultureInfo FormatCulture
    {
        get
        {
            var name = Culture is { Length: > 0 } ? Culture : DefaultLanguage == "en" ? "en-GB" : "fr-FR";
            try
            {
                return System.Globalization.CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            }
            catch (System.Globalization.CultureNotFoundException)
            {
                return System.Globalization.CultureInfo.InvariantCulture;
            }
        }
    }

    /// <summary>The late-payment law in force: <c>Law:Jurisdiction</c>, else the one of <c>Country</c>, else None.</summary>
    public Jurisdiction Jurisdiction => Law.Jurisdiction ?? JurisdictionOf(Country);

    /// <summary>Where <see cref="Jurisdiction"/> comes from, in words (printed by <c>relance validate</c>).</summary>
    public string JurisdictionSource => Law.Jurisdiction is not null ? "Law:Jurisdiction"
        : Country is { Length: > 0 } ? $"Country {Country.ToUpperInvariant()}"
        : "neither Country nor Law:Jurisdiction is set";

    /// <summary>The law a country's companies invoice under, as far as Relance knows it.</summary>
    public static Jurisdiction JurisdictionOf(string? country) => country?.Trim().ToUpperInvariant() switch
    {
        "FR" => Domain.Law.Jurisdiction.France,
        "GB" or "UK" => Domain.Law.Jurisdiction.UnitedKingdom,
        _ => Domain.Law.Jurisdiction.None,
    };

    /// <summary>How invoices never contacted enter the escalation; a policy's own <c>Onboarding</c> wins.</summary>
    public OnboardingOptions Onboarding { get; set; } = new();

    /// <summary>
    /// What to do when the platform runs its own reminders for an invoice: Skip (Relance stays silent) or Warn
    /// (Relance chases and logs the risk). <value>The default value is Skip.</value>
    /// </summary>
    public PlatformRemindersPolicy OnPlatformReminders { get; set; } = PlatformRemindersPolicy.Skip;

    /// <summary>
    /// How many months of paid invoices the first sync also reads (once), so that DSO and days late rest on real
    /// history rather than on open invoices only; 0 reads none. <value>The default value is 12.</value>
    /// </summary>
    public int PaidHistoryMonths { get; set; } = 12;

    /// <summary>Quartz cron expression of the sync job. <value>The default value is every 30 minutes.</value></summary>
    public string SyncCron { get; set; } = "0 0/30 * * * ?";

    /// <summary>Quartz cron expression of the dunning job. <value>The default value is 09:30 on weekdays.</value></summary>
    public string DunningCron { get; set; } = "0 30 9 ? * MON-FRI";
}

/// <summary>Who the reminders come from.</summary>
public sealed class SenderOptions
{
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string? ReplyTo { get; set; }
}
