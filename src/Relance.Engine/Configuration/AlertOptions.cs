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
}
