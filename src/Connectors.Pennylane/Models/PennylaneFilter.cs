using System.Text.Json;

namespace Relance.Connectors.Pennylane.Models;

/// <summary>The <c>filter</c> query parameter: a JSON array of ANDed conditions.</summary>
internal sealed record PennylaneFilter(string Field, string Operator, object Value)
{
    public static string Serialize(params PennylaneFilter[] conditions) =>
        JsonSerializer.Serialize(conditions.Select(c => new { field = c.Field, @operator = c.Operator, value = c.Value }));
}
