using System.Text.Json;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>Reads <c>{"error":{"message":…,"status_code":"403"}}</c>; <c>status_code</c> is a string.</summary>
internal static class AxonautError
{
    public static string Read(string? body)
    {
        if (Error(body) is { } error && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return $": {Truncate(message.GetString()!)}";
        }

        return string.IsNullOrWhiteSpace(body) ? "" : $": {Truncate(body)}";
    }

    /// <summary>A 403 carrying <c>pages</c>/<c>results</c> asks to paginate; any other 403 is an access problem.</summary>
    public static bool IsPaginationHint(string? body) =>
        Error(body) is { } error && (error.TryGetProperty("pages", out _) || error.TryGetProperty("results", out _));

    private static JsonElement? Error(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? error.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
