using System.Globalization;
using System.Reflection;
using Relance.Connector.Host.Scheduling;
using Relance.Engine.Configuration;
using Relance.Ledger;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// What a worker says when it starts, and again now and then while idle: its version, data folder and stores, and
/// when each connection's next sync and dunning run fire — so that whoever reads the log knows it is alive and what
/// it will do next.
/// </summary>
internal static class StartBanner
{
    public static string Version =>
        typeof(StartBanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(StartBanner).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static IEnumerable<string> Lines(RelanceOptions options, LedgerOptions ledger, IConfiguration configuration, DateTimeOffset now)
    {
        var store = configuration.GetSection(JobStoreOptions.SectionName)[nameof(JobStoreOptions.Store)] ?? nameof(JobStoreKind.Sqlite);
        yield return $"Relance {Version}: data folder {Path.GetFullPath(options.DataDirectory)}, ledger {ledger.Provider}, job store {store}";
        foreach (var line in NextRuns(options, now))
        {
            yield return line;
        }
    }

    /// <summary>One line per connection: its next sync and dunning run, in its own time zone with the offset.</summary>
    public static IEnumerable<string> NextRuns(RelanceOptions options, DateTimeOffset now)
    {
        foreach (var (name, connection) in options.Connections.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!connection.Enabled)
            {
                yield return $"Connection '{name}' ({connection.Connector}): disabled, no job runs";
                continue;
            }

            var zone = connection.Zone;
            yield return $"Connection '{name}' ({connection.Connector}): next sync {Next(connection.SyncCron, zone, now)}, next dunning run {Next(connection.DunningCron, zone, now)}";
        }
    }

    private static string Next(string cron, TimeZoneInfo zone, DateTimeOffset now) =>
        CronValidator.NextFires(cron, zone, now, 1) is [var next] ? next.ToString("ddd yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "never";
}
