namespace Relance.Connector.Host.Health;

/// <summary><c>Relance:Health</c>: an HTTP health endpoint beside the worker. Off by default; loopback by default.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Relance:Health";

    /// <summary>Where <c>GET /health</c> listens, e.g. http://127.0.0.1:5081; null: no endpoint (<c>relance status</c> still works).</summary>
    public string? Url { get; set; }
}
