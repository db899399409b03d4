using Quartz;
using Relance.Delivery;
using Relance.Engine.Alerts;

namespace Relance.Connector.Host.Scheduling;

/// <summary>Sends the admin's daily digest on <c>Relance:Alerts:DigestCron</c>; one job, so one digest across a cluster.</summary>
[DisallowConcurrentExecution]
internal sealed partial class DigestJob(DailyDigest digest, ILogger<DigestJob> logger) : IJob
{
    public static readonly JobKey Key = new("digest", "relance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (await digest.SendAsync(cancellationToken))
            {
                LogSent(logger);
            }
        }
        catch (DeliveryException ex)
        {
            // Tomorrow's digest says it all again; a mail server down is already an alert of its own.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily digest sent to the admin")]
    private static partial void LogSent(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily digest could not be sent")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
