using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Relance.Connectors.Http;

namespace Relance.Connectors.QuickBooks;

/// <summary>
/// Intuit webhook deliveries: <c>intuit-signature</c> = Base64(HMAC-SHA256(verifier token, raw body)), compared in
/// constant time; legacy <c>eventNotifications</c> objects and CloudEvents arrays. Only Invoice, Customer and
/// Payment changes matter; each names the realm, which picks the connection to sync.
/// </summary>
internal sealed class QuickBooksWebhookReceiver : IWebhookReceiver
{
    private static readonly string[] Entities = ["invoice", "customer", "payment"];

    public string ConnectorType => QuickBooksConstants.ConnectorType;

    public WebhookResult Receive(WebhookDelivery delivery, IReadOnlyList<ConnectionContext> connections)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(connections);
        if (!delivery.Headers.TryGetValue("intuit-signature", out var signature) || signature.Length == 0)
        {
            return WebhookResult.Rejected("missing intuit-signature header");
        }

        var realms = connections
            .Select(c => (Context: c, Options: ConnectorSettings.Bind<QuickBooksOptions>(c)))
            .Where(c => !string.IsNullOrEmpty(c.Options.WebhookVerifierToken))
            .ToList();
        var expected = Convert.FromBase64String(IsBase64(signature) ? signature : "");
        if (!realms.Any(c => Matches(delivery.Body.Span, c.Options.WebhookVerifierToken!, expected)))
        {
            return WebhookResult.Rejected(realms.Count == 0 ? "no QuickBooks connection has Settings:WebhookVerifierToken" : "intuit-signature does not match");
        }

        List<(string EventId, string Realm)> changes;
        try
        {
            changes = Parse(delivery.Body.Span);
        }
        catch (JsonException ex)
        {
            return new WebhookResult(true, [], $"unreadable payload: {ex.Message}");
        }

        var events = changes
            .SelectMany(change => realms.Where(r => r.Options.RealmId == change.Realm).Select(r => new WebhookEvent(change.EventId, r.Context.Name)))
            .ToList();
        return new WebhookResult(true, events, events.Count < changes.Count ? "some events concern realms no connection serves" : null);
    }

    private static bool Matches(ReadOnlySpan<byte> body, string verifier, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifier), body), expected);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    /// <summary>Legacy payloads have no event id: the entity, id, operation and time stand in for one.</summary>
    private static List<(string EventId, string Realm)> Parse(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var result = new List<(string, string)>();
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var cloudEvent in root.EnumerateArray())
            {
                var type = cloudEvent.GetProperty("type").GetString() ?? "";
                if (Entities.Any(e => type.StartsWith($"qbo.{e}.", StringComparison.OrdinalIgnoreCase)))
                {
                    result.Add((cloudEvent.GetProperty("id").GetString()!, cloudEvent.GetProperty("intuitaccountid").GetString()!));
                }
            }

            return result;
        }

        foreach (var notification in root.GetProperty("eventNotifications").EnumerateArray())
        {
            var realm = notification.GetProperty("realmId").GetString()!;
            foreach (var entity in notification.GetProperty("dataChangeEvent").GetProperty("entities").EnumerateArray())
            {
                var name = entity.GetProperty("name").GetString() ?? "";
                if (Entities.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    var id = $"{realm}:{name}:{entity.GetProperty("id").GetString()}:{entity.GetProperty("operation").GetString()}:{(entity.TryGetProperty("lastUpdated", out var at) ? at.GetString() : "")}";
                    result.Add((id, realm));
                }
            }
        }

        return result;
    }
}
