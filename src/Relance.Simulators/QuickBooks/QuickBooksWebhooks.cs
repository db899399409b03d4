using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Relance.Simulators.QuickBooks;

/// <summary>
/// Builds and delivers Intuit webhook notifications: the legacy <c>eventNotifications</c> object or the CloudEvents
/// array (mandatory from May 2026), signed in <c>intuit-signature</c> with HMAC-SHA256 of the raw body.
/// </summary>
public static class QuickBooksWebhooks
{
    public static byte[] Legacy(string realmId, IEnumerable<QbChange> changes)
    {
        var entities = new JsonArray(changes.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Entity,
            ["id"] = c.Id,
            ["operation"] = c.Operation,
            ["lastUpdated"] = c.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }).ToArray());
        var body = new JsonObject
        {
            ["eventNotifications"] = new JsonArray(new JsonObject { ["realmId"] = realmId, ["dataChangeEvent"] = new JsonObject { ["entities"] = entities } }),
        };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <param name="eventIds">One id per change (the CloudEvents <c>id</c>); Intuit may deliver the same id twice.</param>
    public static byte[] CloudEvents(string realmId, IReadOnlyList<QbChange> changes, IReadOnlyList<string> eventIds)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(eventIds);
        var events = new JsonArray(changes.Select((c, i) => (JsonNode?)new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = eventIds[i],
            ["source"] = "intuit.sim",
            ["type"] = $"qbo.{c.Entity.ToLowerInvariant()}.{Verb(c.Operation)}.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = c.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["intuitentityid"] = c.Id,
            ["intuitaccountid"] = realmId,
            ["data"] = new JsonObject(),
        }).ToArray());
        return Encoding.UTF8.GetBytes(events.ToJsonString());
    }

    public static string Sign(byte[] body, string verifierToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifierToken), body));

    /// <summary>POSTs a delivery as Intuit's notification server does.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(HttpClient http, Uri endpoint, byte[] body, string signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("intuit-signature", signature);
        request.Headers.Add("intuit-created-time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        request.Headers.Add("intuit-t-id", Guid.NewGuid().ToString());
        request.Headers.Add("intuit-notification-schema-version", "0.1");
        request.Headers.UserAgent.ParseAdd("intuit_notification_server/0.1");
        return await http.SendAsync(request, cancellationToken);
    }

    private static string Verb(string operation) => operation switch
    {
        "Create" => "created",
        "Update" => "updated",
        "Delete" => "deleted",
        "Merge" => "merged",
        "Void" => "voided",
        "Emailed" => "emailed",
        _ => operation.ToLowerInvariant(),
    };
}
