using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// What this process was actually built from: the configuration files found and read (in order, the last wins), the
/// other sources, the plugins folder and the plugins loaded from it. An admin who runs a verb from another folder
/// sees which appsettings.json it took; a reviewer sees which code runs with the secrets.
/// </summary>
internal sealed record StartupInventory(IReadOnlyList<string> ConfigurationFiles, IReadOnlyList<string> OtherSources, string PluginsDirectory, IReadOnlyList<string> Plugins)
{
    public static StartupInventory Read(IConfigurationBuilder configuration, string pluginsDirectory, IReadOnlyList<string> plugins)
    {
        var files = new List<string>();
        var others = new List<string>();
        foreach (var source in configuration.Sources)
        {
            switch (source)
            {
                case FileConfigurationSource file when file.Path is not null:
                    var path = file.FileProvider?.GetFileInfo(file.Path).PhysicalPath ?? file.Path;
                    if (File.Exists(path))
                    {
                        files.Add(Path.GetFullPath(path));
                    }

                    break;
                case EnvironmentVariablesConfigurationSource:
                    var count = Environment.GetEnvironmentVariables().Keys.Cast<string>()
                        .Count(k => k.StartsWith("Relance__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase));
                    if (count > 0)
                    {
                        others.Add($"{count} environment variable(s) Relance__…/Logging__…");
                    }

                    break;
                case MemoryConfigurationSource { InitialData: { } data } when data.Any():
                    // The built-in defaults of the data folder, the demo's settings or a test's.
                    break;
            }
        }

        // Several environment sources (DOTNET_, unprefixed) read the same variables: said once.
        return new StartupInventory(files.Distinct(StringComparer.Ordinal).ToList(), others.Distinct(StringComparer.Ordinal).ToList(), pluginsDirectory, plugins);
    }

    /// <summary>The inventory in a few lines for <c>validate</c> and the start banner.</summary>
    public IEnumerable<string> Describe()
    {
        yield return ConfigurationFiles.Count == 0
            ? "Configuration files: none found (built-in defaults only)"
            : $"Configuration files (later ones win): {string.Join(", ", ConfigurationFiles)}";
        foreach (var other in OtherSources)
        {
            yield return $"Also configured by: {other}";
        }

        yield return Plugins.Count == 0
            ? $"Plugins: none loaded (folder {PluginsDirectory}{(Directory.Exists(PluginsDirectory) ? "" : ", absent")})"
            : $"Plugins from {PluginsDirectory}: {string.Join(", ", Plugins)}";
    }
}
