using System.Text.Json;
using System.Xml.Linq;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// Reads Intuit's error body: JSON <c>{"Fault":{"Error":[{"Message","Detail","code"}],"type"}}</c>, or XML
/// <c>IntuitResponse/Fault</c> (throttling answers XML even to JSON clients).
/// </summary>
internal sealed record QuickBooksFault(string Type, string Code, string Message, string? Detail)
{
    public const string StaleObject = "5010";

    public static QuickBooksFault? Read(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var text = body.TrimStart();
        try
        {
            return text[0] == '<' ? FromXml(text) : FromJson(text);
        }
        catch (Exception ex) when (ex is JsonException or System.Xml.XmlException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>True when a 2xx JSON body is a Fault (Intuit answers some failures with 200).</summary>
    public static bool IsFaultDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Fault"u8))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    public string Describe() => $"{Type} {Code}: {Message}{(string.IsNullOrEmpty(Detail) || Detail == Message ? "" : $" ({Detail})")}";

    private static QuickBooksFault? FromJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        if (!document.RootElement.TryGetProperty("Fault", out var fault))
        {
            return null;
        }

        var type = fault.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var error = fault.TryGetProperty("Error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 ? errors[0] : default;
        return new QuickBooksFault(
            type,
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("Detail", out var d) ? d.GetString() : null);
    }

    private static QuickBooksFault? FromXml(string text)
    {
        var root = XDocument.Parse(text).Root;
        var fault = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Fault");
        var error = fault?.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
        return fault is null
            ? null
            : new QuickBooksFault(
                fault.Attribute("type")?.Value ?? "",
                error?.Attribute("code")?.Value ?? "",
                error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "",
                error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Detail")?.Value);
    }
}
