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
