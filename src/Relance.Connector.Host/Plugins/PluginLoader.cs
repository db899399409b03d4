using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relance.Connectors;

namespace Relance.Connector.Host.Plugins;

/// <summary>
/// Finds third-party connectors: every <c>*.dll</c> directly in the plugins folder or in one of its sub-folders
/// (one folder per plugin, with its dependencies) that holds an <see cref="IConnectorModule"/>.
/// </summary>
internal static class PluginLoader
{
    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// The plugins folder: an absolute <c>Relance:PluginsDirectory</c> as configured, a relative one under the
    /// installation folder — never the current directory, where any verb run from a writable folder would execute
    /// whatever DLL lies there.
    /// </summary>
    public static string ResolveDirectory(string? configured) =>
        Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(AppContext.BaseDirectory, configured ?? "plugins"));

    public static IReadOnlyList<string> LoadInto(IServiceCollection services, IConfiguration configuration, string directory, ILogger logger)
    {
        var loaded = new List<string>();
        if (!Directory.Exists(directory))
        {
            return loaded;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(path);
            if (WritableByOthers(directory, full) is { } writable)
            {
                logger.LogError("Plugin file {Path} refused: {Writable} can be written by other users (chmod go-w it)", full, writable);
                continue;
            }

            if (AppDomain.CurrentDomain.GetAssemblies().Any(a => !a.IsDynamic && string.Equals(a.GetName().Name, Path.GetFileNameWithoutExtension(full), StringComparison.OrdinalIgnoreCase)))
            {
                // A dependency copied next to a plugin that the host already has: not a plugin itself.
                continue;
            }

            Type[] modules;
            try
            {
                var assembly = new PluginLoadContext(full).LoadFromAssemblyPath(full);
                modules = assembly.GetExportedTypes()
                    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnectorModule).IsAssignableFrom(t))
                    .ToArray();
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or FileNotFoundException)
            {
                logger.LogWarning("Plugin file {Path} skipped: {Reason}", full, ex.Message);
                continue;
            }

            foreach (var type in modules)
            {
                var module = (IConnectorModule)Activator.CreateInstance(type)!;
                module.Register(services, configuration);
                loaded.Add($"{type.FullName} ({full})");
                logger.LogInformation("Loaded connector plugin {Module} from {Path}", type.FullName, full);
            }
        }

        return loaded;
    }

    // The file and every folder from the plugins root down to it: a group- or world-writable one lets another
    // user swap the code this host runs with its secrets.
    private static string? WritableByOthers(string root, string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (var path = file; path.Length >= rootFull.Length; path = Path.GetDirectoryName(path)!)
        {
            if ((File.GetUnixFileMode(path) & OthersWrite) != 0)
            {
                return path;
            }

            if (path == rootFull)
            {
                break;
            }
        }

        return null;
    }
}
