using Relance.Connector.Host.Hosting;
using Relance.Connector.Host.Plugins;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

[Trait("Suite", "Hostile")]
public sealed class FileSafetyTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task Ledger_outbox_and_data_folder_are_owner_only_even_when_found_world_readable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var road = await Road.SeededAsync(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero));
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", road.Pennylane), new Dictionary<string, string?> { ["Relance:Delivery:Mode"] = "Outbox" });
        var leftOver = Path.Combine(road.Directory.Path, "report.html");
        await File.WriteAllTextAsync(leftOver, "<html>customers</html>");
        File.SetUnixFileMode(leftOver, (UnixFileMode)0b110_110_110);
        File.SetUnixFileMode(road.Directory.Path, (UnixFileMode)0b111_101_101);

        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.Dunning.RunAsync("acme", CancellationToken.None);

        var files = Directory.EnumerateFileSystemEntries(road.Directory.Path, "*", SearchOption.AllDirectories).Prepend(road.Directory.Path).ToList();
        Assert.Contains(files, f => f.EndsWith(".eml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("ledger.db", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & GroupOrOther) == 0, $"{f} is {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public void A_relative_plugins_folder_is_under_the_installation_never_the_current_directory()
    {
        var resolved = PluginLoader.ResolveDirectory("plugins");

        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "plugins")), resolved);
        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "plugins")), PluginLoader.ResolveDirectory(null));
        Assert.Equal("/opt/relance-plugins", PluginLoader.ResolveDirectory("/opt/relance-plugins"));
    }
}
