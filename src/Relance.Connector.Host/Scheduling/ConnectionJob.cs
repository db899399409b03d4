using Microsoft.Extensions.Options;
using Quartz;
using Relance.Engine.Alerts;
using Relance.Engine.Configuration;
using Relance.Engine.Dunning;
using Relance.Engine.Sync;
using Relance.Ledger;

namespace Relance.Connector.Host.Scheduling;

/// <summary>
/// One job per connection, fired by two triggers (sync, dunning). One job key per connection plus
/// <see cref="DisallowConcurrentExecutionAttribute"/> means never two runs at once for a connection — across a
/// Quartz cluster too — while different connections run in parallel.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class ConnectionJob(
    SyncService sync,
    DunningService dunning,
    IOptionsMonitor<RelanceOptions> options,
    IHostApplicationLifetime lifetime,
    AdminAlerts alerts,
    ILogger<ConnectionJob> logger) : IJob
{
    public const string ConnectionKey = "connection";
    public const string ModeKey = "mode";
    public const string SyncMode = "sync";
    public const string DunningMode = "dunning";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(ConnectionKey)!;
        var mode = context.MergedJobDataMap.GetString(ModeKey) ?? SyncMode;
        if (!options.CurrentValue.Connections.TryGetValue(name, out var connection) || !connection.Enabled)
        {
            // Removed or disabled in appsettings since the job was stored: drop it from the persistent store.
            LogRemoved(logger, name);
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }

        // Quartz waits for running jobs at shutdown without cancelling them: without the host's stopping signal a
        // SIGTERM would let this run send to every customer still due before the process could end.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            // Dunning always works on fresh data: sync first.
            await sync.RunAsync(name, stopping.Token);
            if (mode == DunningMode)
            {
                await dunning.RunAsync(name, stopping.Token);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageFull.Describe(ex, options.CurrentValue.DataDirectory) is { } full)
        {
            // Every connection will meet it: said as what it is, to a person, not as one connection's failure.
            LogDiskFull(logger, name, full);
            await alerts.NotifyAsync(name, full, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One connection's failure (bad token, platform down) never affects the others; the next trigger retries.
            LogFailed(logger, ex, name, mode);
        }
    }

    public static JobKey KeyFor(string connection) => new($"connection:{connection}", "relance");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection} is no longer configured or enabled; its job is removed")]
    private static partial void LogRemoved(ILogger logger, string connection);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Connection {Connection}: {Problem}")]
    private static partial void LogDiskFull(ILogger logger, string connection, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {Connection}: {Mode} job failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string connection, string mode);
}
