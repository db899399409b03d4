using System.Runtime.InteropServices;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// The ledger, the outbox, credentials and reports hold customers' data and tokens: on Unix every file Relance
/// creates is owner-only (umask 077, which also covers SQLite's journal files and Quartz's store), and the data
/// folder found at start is brought to that too.
/// </summary>
internal static partial class OwnerOnlyFiles
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Removes group and other access from the folder and everything in it; returns what it changed.</summary>
    public static IReadOnlyList<string> Tighten(string directory)
    {
        var changed = new List<string>();
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
        {
            return changed;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Prepend(directory))
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0 && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
            {
                File.SetUnixFileMode(path, mode & ~GroupOrOther);
                changed.Add(path);
            }
        }

        return changed;
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
