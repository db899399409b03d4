using Microsoft.Extensions.Options;
using Relance.Connector.Host.Plugins;
using Relance.Connector.Host.Scheduling;
using Relance.Connector.Host.Webhooks;
using Relance.Engine.Configuration;

namespace Relance.Connector.Host.Hosting;

/// <summary>The composition root: configuration sources, core services, built-in connectors, plugins, scheduling.</summary>
internal static class RelanceHost
{
    /// <summary>Creates the host builder. <paramref name="overrides"/> are applied last (demo, tests).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null, bool scheduling = true)
    {
        OwnerOnlyFiles.RestrictNewFiles();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "Relance",
        });

        // appsettings next to the binary, then the working directory's, so an admin can keep config beside data.
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);

        // A settings file named outright (the demo's, or one kept elsewhere): `dotnet run` starts in the project folder.
        if (Environment.GetEnvironmentVariable("RELANCE_SETTINGS") is { Length: > 0 } named)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(named), optional: false, reloadOnChange: false);
        }
        builder.Configuration.AddUserSecrets(typeof(RelanceHost).Assembly, optional: true);
        builder.Configuration.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.AddRelanceConsole(json: string.Equals(builder.Configuration[$"{RelanceOptions.SectionName}:{nameof(RelanceOptions.LogFormat)}"], nameof(LogFormat.Json), StringComparison.OrdinalIgnoreCase));
        ApplyDataDirectoryDefaults(builder.Configuration);

        // Last, so that a secret:NAME written in any of the sources above reads as the secret.
        builder.Configuration.AddRelanceSecretReferences();
        TightenDataDirectory(builder.Configuration);
        builder.Services.AddRelanceCore();
        builder.Services.AddSingleton(new KnownConfigurationSection("Scheduling", typeof(Scheduling.JobStoreOptions)));
        builder.Services.AddHostedService<LedgerStartupCheck>();
        builder.AddRelanceTelemetry();
        builder.Services.AddOptions<Health.HealthOptions>().BindConfiguration(Health.HealthOptions.SectionName);
        builder.Services.AddSingleton(new KnownConfigurationSection("Health", typeof(Health.HealthOptions)));
        Health.RelanceHealthChecks.AddRelanceHealthChecks(builder, scheduling);

        // On SIGTERM a send in flight finishes and is confirmed (SMTP and HTTP have their own timeouts, 60 s at most
        // in practice); .NET's default 30 s would abandon the Quartz job halfway.
        // Read raw: the host resolves its options while being built, before the configuration is validated (and
        // reported) at start; a value that does not parse keeps the default and is reported then.
        builder.Services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(
                int.TryParse(configuration[$"{RelanceOptions.SectionName}:{nameof(RelanceOptions.ShutdownTimeoutSeconds)}"], System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    ? Math.Clamp(seconds, 10, 3600)
                    : 90));

        // Under systemd (Type=notify, journal) or as a Windows service; nothing changes elsewhere.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "Relance");
        builder.Services.AddSingleton<IValidateOptions<RelanceOptions>, CronValidator>();
        builder.Services.AddPennylaneConnector();
        builder.Services.AddAxonautConnector();
        builder.Services.AddQuickBooksConnector();
        var (pluginsDirectory, plugins) = builder.AddConnectorPlugins();
        builder.Services.AddSingleton(StartupInventory.Read(builder.Configuration, pluginsDirectory, plugins));
        if (scheduling)
        {
            builder.AddRelanceScheduling();
            builder.Services.AddHostedService<AliveLog>();
            builder.Services.AddSingleton<Health.HealthServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Health.HealthServer>());
            builder.Services.AddSingleton<WebhookServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookServer>());
        }

        return builder;
    }

    private static (string Directory, IReadOnlyList<string> Loaded) AddConnectorPlugins(this IHostApplicationBuilder builder)
    {
        var full = PluginLoader.ResolveDirectory(builder.Configuration[$"{RelanceOptions.SectionName}:PluginsDirectory"]);
        using var loggerFactory = LoggerFactory.Create(l => l.AddRelanceConsole().SetMinimumLevel(LogLevel.Information));
        return (full, PluginLoader.LoadInto(builder.Services, builder.Configuration, full, loggerFactory.CreateLogger("Relance.Plugins")));
    }

    /// <summary>The configured data folder (<c>Relance:DataDirectory</c>), for messages about it; "data" when unreadable.</summary>
    public static string DataDirectory()
    {
        try
        {
            return CreateBuilder([]).Configuration[$"{RelanceOptions.SectionName}:DataDirectory"] ?? "data";
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            return "data";
        }
    }

    private static void TightenDataDirectory(IConfiguration configuration)
    {
        var data = Path.GetFullPath(configuration[$"{RelanceOptions.SectionName}:DataDirectory"] ?? "data");
        var changed = OwnerOnlyFiles.Tighten(data);
        if (changed.Count > 0)
        {
            using var loggerFactory = LoggerFactory.Create(l => l.AddRelanceConsole().SetMinimumLevel(LogLevel.Warning));
            loggerFactory.CreateLogger("Relance.Files").LogWarning(
                "{Count} file(s) under {DataDirectory} were readable by other users (customer data, tokens); now owner-only", changed.Count, data);
        }
    }

    // The ledger, Quartz store and outbox default to files under Relance:DataDirectory.
    private static void ApplyDataDirectoryDefaults(IConfigurationManager configuration)
    {
        var data = configuration[$"{RelanceOptions.SectionName}:DataDirectory"] ?? "data";
        var defaults = new Dictionary<string, string?>();
        if (configuration["Relance:Ledger:ConnectionString"] is null)
        {
            defaults["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(data, "relance-ledger.db")}";
        }

        if (configuration["Relance:Delivery:OutboxDirectory"] is null)
        {
            defaults["Relance:Delivery:OutboxDirectory"] = Path.Combine(data, "outbox");
        }

        if (defaults.Count > 0)
        {
            configuration.AddInMemoryCollection(defaults);
        }
    }
}
