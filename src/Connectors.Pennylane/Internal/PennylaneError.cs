using System.Text.Json;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>Reads <c>{ "error": …, "status": … }</c> (or <c>message</c>) defensively; 429 bodies are plain text.</summary>
internal static class PennylaneError
{
    public static string Read(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "error", "message" })
                {
                    if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return $": {Truncate(value.GetString()!)}";
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return $": {Truncate(body)}";
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
