namespace Relance.Engine.Configuration;

/// <summary>
/// <c>Relance:Webhooks</c>: an HTTP endpoint (<c>POST /webhooks/{connector}</c>) for platforms that push changes;
/// each authentic notification triggers a sync of the connection it concerns. Off by default.
/// </summary>
public sealed class WebhookOptions
{
    public bool Enabled { get; set; }

    /// <summary>
    /// Where to listen. Loopback by default: put a TLS reverse proxy in front to receive platform calls.
    /// <value>The default value is "http://127.0.0.1:5080".</value>
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:5080";
}
