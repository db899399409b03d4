using System.Text.Json.Nodes;

namespace Relance.Connector.Host.Demo;

/// <summary>
/// The demo's configuration written as <c>appsettings.json</c> in its folder, so that the admin verbs run from there
/// (<c>plan</c>, <c>pending</c>, <c>report</c>, <c>history</c>…) look at the demo's ledger as they would at a real
/// account's. Its platform addresses are the demo's simulators, gone once the demo ends: verbs that call a
/// platform (<c>sync</c>, <c>connectors check</c>) fail there, and say so.
/// </summary>
internal static class DemoConfigurationFile
{
    /// <param name="nextDay">The demo's next simulated day: its clock is not the wall clock, so plans are asked from it.</param>
    public static async Task WriteAsync(string folder, IReadOnlyDictionary<string, string?> settings, DateOnly nextDay, CancellationToken cancellationToken)
    {
        var header = $"// Written by `relance demo`: its configuration, so that `relance plan --as-of {nextDay:yyyy-MM-dd}`, `pending`, `report` and `history` run from this folder show the demo's state (its next simulated day is {nextDay:yyyy-MM-dd}). The platform addresses are the demo's simulators, which stop with the demo.";
        var root = new JsonObject();
        foreach (var (key, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[parts[^1]] = value;
        }

        var json = root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), header + Environment.NewLine + json + Environment.NewLine, cancellationToken);
    }
}
