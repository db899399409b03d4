using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relance.Simulators.Hosting;

/// <summary>
/// Reads a JSON request body the way a server with a documented schema does: typed as JSON, an object, and only
/// the documented fields (nested ones named <c>parent.child</c>); a field sent as <c>null</c> where the schema wants
/// a value is refused too. Each simulator answers the problem in its platform's own error format.
/// </summary>
internal static class StrictJson
{
    public static async Task<(JsonObject? Body, string? Problem, int Status)> ReadObjectAsync(HttpRequest request, IReadOnlySet<string> documented)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, $"Content-Type must be application/json (got '{request.ContentType}')", 415);
        }

        JsonNode? parsed;
        try
        {
            parsed = await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException ex)
        {
            return (null, $"body is not valid JSON: {ex.Message}", 400);
        }

        if (parsed is not JsonObject body)
        {
            return (null, "body must be a JSON object", 400);
        }

        return Unknown(body, documented, "") is { } problem ? (null, problem, 400) : (body, null, 200);
    }

    private static string? Unknown(JsonObject body, IReadOnlySet<string> documented, string prefix)
    {
        foreach (var (name, value) in body)
        {
            var path = prefix + name;
            if (!documented.Contains(path))
            {
                return $"{path}: unknown field";
            }

            if (value is null)
            {
                return $"{path}: null is not a valid value";
            }

            if (value is JsonObject nested && Unknown(nested, documented, path + ".") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
