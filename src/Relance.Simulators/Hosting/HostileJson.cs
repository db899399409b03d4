using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Relance.Simulators.Hosting;

/// <summary>
/// A seeded generator of hostile records: each call breaks one field of a platform's real JSON record in one of the
/// ways a broken or hostile server does (missing, null, wrong type, huge, control characters, markup, template syntax,
/// impossible numbers and dates). The same seed gives the same cases, so a failure can be replayed.
/// </summary>
public sealed class HostileJson(int seed, double share = 0.7)
{
    private static readonly Func<Random, JsonNode?>[] Mutations =
    [
        _ => null,
        _ => JsonValue.Create(""),
        _ => JsonValue.Create(new string('x', 200_000)),
        _ => JsonValue.Create("A\r\nBcc: victim@y.example\u001b[2J\0"),
        _ => JsonValue.Create("{{ date.now }}<script>alert(1)</script>../../etc/passwd"),
        _ => JsonValue.Create("=cmd|' /C calc'!A0"),
        r => JsonValue.Create(r.Next(-5, 5)),
        _ => JsonValue.Create("12345"),
        _ => JsonValue.Create(true),
        _ => new JsonObject { ["value"] = 1 },
        _ => new JsonArray(1, "two", null),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-0.01m),
        _ => JsonNode.Parse("79228162514264337593543950336"),
        _ => JsonValue.Create("NaN"),
        _ => JsonValue.Create("Infinity"),
        _ => JsonValue.Create("-1"),
        _ => JsonValue.Create("0000-00-00"),
        _ => JsonValue.Create("2026-02-30"),
        _ => JsonValue.Create("31/12/9999"),
        _ => JsonValue.Create("9999-12-31T23:59:59Z"),
        _ => JsonValue.Create("yesterday"),
        _ => JsonValue.Create("\u202Eevil\u200B"),
        _ => JsonValue.Create("a@b.example, c@d.example; e@f.example"),
    ];

    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, byte> _mutated = new(StringComparer.Ordinal);

    /// <summary>Records broken so far.</summary>
    public int Cases { get; private set; }

    /// <summary>Ids of the records broken since <see cref="Reset"/>: the others must come through untouched.</summary>
    public IReadOnlyCollection<string> Mutated => _mutated.Keys.ToList();

    public void Reset() => _mutated.Clear();

    /// <summary>Breaks one field of a share of <paramref name="items"/> (never <paramref name="idField"/>, by which they are followed).</summary>
    public void Break(JsonArray? items, string idField)
    {
        foreach (var item in (items ?? []).OfType<JsonObject>())
        {
            lock (_gate)
            {
                if (_random.NextDouble() >= share)
                {
                    continue;
                }

                var fields = Fields(item, top: true, idField).ToList();
                if (fields.Count == 0)
                {
                    continue;
                }

                var (parent, key) = fields[_random.Next(fields.Count)];
                var mutation = _random.Next(Mutations.Length + 1);
                if (mutation == Mutations.Length)
                {
                    parent.Remove(key);
                }
                else
                {
                    parent[key] = Mutations[mutation](_random);
                }

                Cases++;
                _mutated[item[idField]?.ToString() ?? ""] = 0;
            }
        }
    }

    private static IEnumerable<(JsonObject Parent, string Key)> Fields(JsonObject node, bool top, string idField)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (top && key == idField)
            {
                continue;
            }

            yield return (node, key);
            if (value is JsonObject inner)
            {
                foreach (var field in Fields(inner, top: false, idField))
                {
                    yield return field;
                }
            }
            else if (value is JsonArray array)
            {
                foreach (var element in array.OfType<JsonObject>())
                {
                    foreach (var field in Fields(element, top: false, idField))
                    {
                        yield return field;
                    }
                }
            }
        }
    }
}
