namespace Relance.Connectors;

/// <summary>
/// A failure a connector reports with an actionable message. The message often quotes the platform, so it is kept
/// to one printable line (<see cref="PlatformText.OneLine"/>) before it reaches a terminal, a log or a mail.
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(ConnectorErrorKind kind, string message, Exception? innerException = null, DateTimeOffset? retryAfter = null)
        : base(PlatformText.OneLine(message), innerException)
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
