using Relance.Connector.Host.Scheduling;
using Relance.Engine.Configuration;
using Relance.Ledger;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// One worker per SQLite data folder: two would share one Quartz file store that SQLite cannot cluster, each firing
/// every trigger. The first <c>relance run</c> holds <c>relance-worker.lock</c> in the folder for as long as it runs;
/// a second one is refused with the way to run several (PostgreSQL). The lock is an OS file lock, so a crashed worker
/// leaves nothing to clean up.
/// </summary>
internal static class WorkerLock
{
    /// <summary>The lock, or null when the store is PostgreSQL (Quartz clustering is the way to run several).</summary>
    /// <exception cref="InvalidOperationException">Another worker holds the folder.</exception>
    public static FileStream? Acquire(IConfiguration configuration)
    {
        var store = configuration.GetSection(JobStoreOptions.SectionName)[nameof(JobStoreOptions.Store)];
        if (string.Equals(store, nameof(JobStoreKind.Postgres), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var folder = Path.GetFullPath(configuration[$"{RelanceOptions.SectionName}:DataDirectory"] ?? "data");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "relance-worker.lock");
        try
        {
            return LockFile.AcquireAsync(path, 0, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"Another Relance worker is already running on the data folder {folder} (it holds {path}). One worker per SQLite data folder: stop the other one first, or run several workers on PostgreSQL (README, \"Several hosts\").");
        }
    }
}
