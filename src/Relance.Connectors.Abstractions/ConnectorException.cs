namespace Relance.Connectors;

/// <summary>A failure a connector reports with an actionable message.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(ConnectorErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ConnectorErrorKind Kind { get; }
}
