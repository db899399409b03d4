using Microsoft.Extensions.Options;
using Relance.Engine.Configuration;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// A line at Information every <c>Relance:AliveMinutes</c> while the worker runs (0: never), with each connection's
/// next runs: a worker idle between a 09:30 run and the next morning is otherwise silent for a day.
/// </summary>
internal sealed partial class AliveLog(IOptionsMonitor<RelanceOptions> options, ILogger<AliveLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.CurrentValue.AliveMinutes;
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                LogAlive(logger, string.Join("; ", StartBanner.NextRuns(options.CurrentValue, DateTimeOffset.UtcNow)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relance alive. {NextRuns}")]
    private static partial void LogAlive(ILogger logger, string nextRuns);
}
