namespace Relance.Connectors;

/// <summary>Why a connector call failed, so the host knows whether to retry (Airbyte's failure types).</summary>
public enum ConnectorErrorKind
{
    /// <summary>Credentials, scopes or settings are wrong: an admin must act; retrying will not help.</summary>
    Configuration,

    /// <summary>Network, rate limit, outage: the next scheduled run may succeed.</summary>
    Transient,

    /// <summary>The platform answered something the connector does not understand.</summary>
    Platform,

    /// <summary>
    /// A write that may already have landed (its first answer was lost) and that the platform offers no way to look
    /// for: not repeated blindly; the host records it for a person to check.
    /// </summary>
    Unverifiable,
}
