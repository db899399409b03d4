namespace Relance.Connectors;

/// <summary>
/// Optional: a connector type whose platform pushes change notifications. The host (when <c>Relance:Webhooks</c> is
/// enabled) posts each delivery of <c>POST /webhooks/{type}</c> here and runs a sync of the connections named in the result.
/// </summary>
public interface IWebhookReceiver
{
    /// <summary>The connector type this receiver serves (<see cref="ConnectorDescriptor.Type"/>).</summary>
    string ConnectorType { get; }

    /// <summary>
    /// Authenticates and reads one delivery. Must be quick (platforms time out in seconds) and never call the platform.
    /// </summary>
    /// <param name="connections">The enabled connections of this type, with their settings (secrets resolved).</param>
    WebhookResult Receive(WebhookDelivery delivery, IReadOnlyList<ConnectionContext> connections);
}

/// <summary>One HTTP delivery: header names are case-insensitive; the body is the raw bytes the signature covers.</summary>
public sealed record WebhookDelivery(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);

/// <summary>What a delivery means.</summary>
/// <param name="Authentic">False when the signature is missing or wrong: the host answers 401 and does nothing.</param>
/// <param name="Events">One entry per platform event: its unique id (duplicates are ignored) and the connection to sync.</param>
/// <param name="Error">Why the delivery was refused or partly ignored (no secrets).</param>
public sealed record WebhookResult(bool Authentic, IReadOnlyList<WebhookEvent> Events, string? Error = null)
{
    public static WebhookResult Rejected(string error) => new(false, [], error);
}

/// <summary>A change notified by the platform.</summary>
public sealed record WebhookEvent(string EventId, string Connection);
