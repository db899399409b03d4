using System.Reflection;
using System.Runtime.Loader;

namespace Relance.Connector.Host.Plugins;

/// <summary>
/// Isolates one plugin and its private dependencies. Any assembly the host already ships (the connector contract,
/// Microsoft.Extensions.*) is taken from the host, so the plugin's types are the host's types.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(pluginPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsSharedWithHost(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsSharedWithHost(AssemblyName name)
    {
        try
        {
            Default.LoadFromAssemblyName(name);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
