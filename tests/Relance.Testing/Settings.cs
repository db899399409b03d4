namespace Relance.Testing;

public static class Settings
{
    /// <summary>Merges setting dictionaries, later ones winning.</summary>
    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>
    /// A valid Pennylane connection whose server is never reached (port 9): for tests of configuration and start-up,
    /// with <paramref name="overrides"/> under the connection's key.
    /// </summary>
    public static Dictionary<string, string?> UnreachablePennylane(string name, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Relance:Connections:{name}:Connector"] = "pennylane",
            [$"Relance:Connections:{name}:Sender:Name"] = "ACME",
            [$"Relance:Connections:{name}:Sender:Email"] = "compta@acme.example",
            [$"Relance:Connections:{name}:Settings:BaseAddress"] = "http://127.0.0.1:9/api/external/v2/",
            [$"Relance:Connections:{name}:Settings:Token"] = "token",
        };
        foreach (var (key, value) in overrides)
        {
            settings[$"Relance:Connections:{name}:{key}"] = value;
        }

        return settings;
    }
}
