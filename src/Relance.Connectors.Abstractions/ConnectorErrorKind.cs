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
}
