using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Engine.Dunning;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class PluginTests
{
    [Fact]
    public async Task Connector_dropped_in_the_plugins_folder_syncs_and_duns()
    {
        using var dir = new TempDirectory();
        var pluginFolder = Directory.CreateDirectory(Path.Combine(dir.Path, "plugins", "json-file")).FullName;
        CopySamplePlugin(pluginFolder);

        Assert.False(File.Exists(Path.Combine(pluginFolder, "Relance.Connectors.Abstractions.dll")), "the contract must come from the host");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));
        var data = dir.File("receivables.json");
        await File.WriteAllTextAsync(data, JsonSerializer.Serialize(new
        {
            invoices = new[]
            {
                new Invoice("INV-1", "2026-001", "C1", new DateOnly(2026, 1, 15), new DateOnly(2026, 2, 14), new Money(1200m, "EUR"), new Money(1200m, "EUR"), InvoiceStatus.Open),
                new Invoice("INV-2", "2026-002", "C1", new DateOnly(2026, 1, 20), new DateOnly(2026, 2, 19), new Money(300m, "EUR"), new Money(0m, "EUR"), InvoiceStatus.Paid),
            },
            customers = new[] { new Customer("C1", "Dupont SARL", ["compta@dupont.example"], "fr", "FR") },
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var settings = new Dictionary<string, string?>
        {
            ["Relance:Connections:files:Connector"] = "json-file",
            ["Relance:Connections:files:Sender:Name"] = "ACME",
            ["Relance:Connections:files:Sender:Email"] = "compta@acme.example",
            ["Relance:Connections:files:Settings:Path"] = data,
        };

        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        var sync = await host.Sync.RunAsync("files", CancellationToken.None);
        var report = await host.Dunning.RunAsync("files", CancellationToken.None);

        var factory = Assert.Single(host.Services.GetServices<IConnectorFactory>(), f => f.Descriptor.Type == "json-file");
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly));
        Assert.Equal(2, sync.Invoices);
        var sent = Assert.Single(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Equal("INV-1", sent.InvoiceId);
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "outbox"), "*.eml"));
        Assert.Contains("INV-1", await File.ReadAllTextAsync(data + ".notes"), StringComparison.Ordinal);
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task A_plugin_folder_other_users_can_write_to_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Plugins outside the data folder (whose modes Relance tightens at start), as in an installation.
        using var data = new TempDirectory();
        using var install = new TempDirectory();
        var pluginFolder = Directory.CreateDirectory(Path.Combine(install.Path, "plugins", "json-file")).FullName;
        CopySamplePlugin(pluginFolder);

        File.SetUnixFileMode(pluginFolder, (UnixFileMode)0b111_111_111);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));

        using var host = await RelanceTestHost.StartAsync(data.Path, new Dictionary<string, string?> { ["Relance:PluginsDirectory"] = Path.Combine(install.Path, "plugins") }, clock);

        Assert.DoesNotContain(host.Services.GetServices<IConnectorFactory>(), f => f.Descriptor.Type == "json-file");
        Assert.Equal(3, host.Services.GetServices<IConnectorFactory>().Count());
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task A_stray_plugin_in_the_working_folder_is_not_loaded_unless_its_folder_is_configured()
    {
        // The real binary, run as an admin would from a folder someone else could have dropped a DLL into.
        using var cwd = new TempDirectory();
        var stray = Directory.CreateDirectory(Path.Combine(cwd.Path, "plugins", "json-file")).FullName;
        CopySamplePlugin(stray);

        await File.WriteAllTextAsync(cwd.File("appsettings.json"), JsonSerializer.Serialize(new
        {
            Relance = new
            {
                Connections = new Dictionary<string, object>
                {
                    ["files"] = new { Connector = "json-file", Sender = new { Name = "ACME", Email = "compta@acme.example" }, Settings = new { Path = cwd.File("receivables.json") } },
                },
            },
        }));

        var (implicitExit, implicitOutput) = await RelanceProcess.RunAsync(cwd.Path, new Dictionary<string, string?>(), "validate");
        var (configuredExit, configuredOutput) = await RelanceProcess.RunAsync(cwd.Path, new Dictionary<string, string?> { ["Relance:PluginsDirectory"] = Path.Combine(cwd.Path, "plugins") }, "validate");

        Assert.Equal(1, implicitExit);
        Assert.Contains("Plugins: none loaded", implicitOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonFile", implicitOutput, StringComparison.Ordinal);
        Assert.Contains(cwd.File("appsettings.json"), implicitOutput, StringComparison.Ordinal);
        Assert.Contains("json-file", implicitOutput, StringComparison.Ordinal);

        Assert.True(configuredExit == 0, configuredOutput);
        Assert.Contains($"Plugins from {Path.Combine(cwd.Path, "plugins")}", configuredOutput, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(stray, "Relance.SamplePlugin.dll"), configuredOutput, StringComparison.Ordinal);
    }

    private static void CopySamplePlugin(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(SamplePluginBuildOutput()))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
    }

    private static string SamplePluginBuildOutput()
    {
        // The test assembly lives in artifacts/bin/<project>/<configuration>; the plugin is built beside it.
        var configurationFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var artifactsBin = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.FullName;
        var folder = Path.Combine(artifactsBin, "Relance.SamplePlugin", configurationFolder);
        Assert.True(File.Exists(Path.Combine(folder, "Relance.SamplePlugin.dll")), $"sample plugin not built at {folder}");
        return folder;
    }
}
