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

    /// <summary>The roles /me lists for the key's user, or null when the answer has none.</summary>
    public static IReadOnlyList<string>? Roles(string? body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body ?? "");
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. roles.EnumerateArray().Where(r => r.ValueKind == System.Text.Json.JsonValueKind.String).Select(r => r.GetString()!)]
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
