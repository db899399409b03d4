namespace Relance.Connectors;

/// <summary>A failure a connector reports with an actionable message.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(ConnectorErrorKind kind, string message, Exception? innerException = null, DateTimeOffset? retryAfter = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public ConnectorErrorKind Kind { get; }

    /// <summary>
    /// When set, the platform refuses further calls until then (e.g. a daily quota): the host pauses this connection
    /// — and only this one — until that time.
    /// </summary>
    public DateTimeOffset? RetryAfter { get; }
}
