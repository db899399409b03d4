namespace Relance.Engine.Configuration;

/// <summary>
/// <c>Relance:Alerts</c>: an admin mailbox told when a connection stops for a reason only an admin can fix (a
/// revoked authorisation, a rejected key). Without <see cref="To"/> such failures are only logged, at Critical.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>Admin addresses.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>Sender of the alerts. <value>The default value is "relance@localhost".</value></summary>
    public string From { get; set; } = "relance@localhost";

    /// <summary>
    /// When the daily digest goes to <see cref="To"/> (Quartz cron, in <see cref="TimeZone"/>); empty: no digest.
    /// <value>The default value is every day at 08:00.</value>
    /// </summary>
    public string DigestCron { get; set; } = "0 0 8 * * ?";

    /// <summary>Syncs in a row a platform may fail (unreachable, errors) before the admin is told. <value>The default value is 3.</value></summary>
    public int UnreachableRuns { get; set; } = 3;

    /// <summary>The language of the digest: fr or en. <value>The default value is <c>Relance:Language</c>.</value></summary>
    public string? Language { get; set; }

    /// <summary>The admin's time zone: what "yesterday" means in the digest. <value>The default value is Europe/Paris.</value></summary>
    public string TimeZone { get; set; } = "Europe/Paris";
}
