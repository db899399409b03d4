using MailKit;
using Quartz;
using Relance.Engine.Inbox;

namespace Relance.Connector.Host.Scheduling;

/// <summary>Reads the reply mailbox every <c>Relance:Inbox:PollMinutes</c>; one job, so one reader across a cluster.</summary>
[DisallowConcurrentExecution]
internal sealed partial class InboxJob(InboxService inbox, ILogger<InboxJob> logger) : IJob
{
    public static readonly JobKey Key = new("inbox", "relance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var read = await inbox.ReadAsync(cancellationToken);
            if (read.Count > 0)
            {
                LogRead(logger, read.Count, read.Count(r => r.Kind == InboxKind.Reply), read.Count(r => r.Kind == InboxKind.PermanentBounce));
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException or ServiceNotAuthenticatedException or MailKit.Security.AuthenticationException or MailKit.Net.Imap.ImapProtocolException or MailKit.Net.Imap.ImapCommandException or FolderNotFoundException)
        {
            // The next poll reads what this one could not: nothing is marked read on the server, the ledger keeps the place.
            LogFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox: {Count} new message(s), {Replies} reply(ies), {Bounces} bounce(s)")]
    private static partial void LogRead(ILogger logger, int count, int replies, int bounces);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox: the mailbox could not be read ({Reason}); the next poll tries again")]
    private static partial void LogFailed(ILogger logger, string reason);
}
