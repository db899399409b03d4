using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Quartz;
using Relance.Connector.Host.Hosting;
using Relance.Connector.Host.Scheduling;
using Relance.Connectors;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Connector.Host.Webhooks;

/// <summary>
/// <c>POST /webhooks/{connector}</c> for platforms that push changes (<c>Relance:Webhooks:Enabled</c>). The connector's
/// <see cref="IWebhookReceiver"/> checks the signature; each new event id (the ledger remembers them, so a redelivery
/// is ignored, on any host) schedules an immediate sync of its connection through Quartz, and the platform gets its
/// 200 at once — the sync itself runs on the scheduler, never inside the request.
/// </summary>
internal sealed partial class WebhookServer(
    IOptions<RelanceOptions> options,
    IEnumerable<IWebhookReceiver> receivers,
    ConnectionFactory connections,
    IDunningLedger ledger,
    ISchedulerFactory schedulers,
    RelanceClock clock,
    ILogger<WebhookServer> logger) : MinimalApiService
{
    private const int MaxBodyBytes = 1 << 20;

    protected override string? Url => options.Value.Webhooks.Enabled ? options.Value.Webhooks.Url : null;

    protected override void Map(WebApplication app) =>
        app.MapPost("/webhooks/{connector}", (HttpContext context, string connector) => ReceiveAsync(context, connector));

    protected override void Configure(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;

    protected override void Listening(Uri address) => LogListening(logger, address);

    private async Task<IResult> ReceiveAsync(HttpContext context, string connector)
    {
        var receiver = receivers.FirstOrDefault(r => string.Equals(r.ConnectorType, connector, StringComparison.OrdinalIgnoreCase));
        if (receiver is null)
        {
            return Results.NotFound();
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var contexts = new List<ConnectionContext>();
        foreach (var (name, connection) in options.Value.Connections)
        {
            if (connection.Enabled && string.Equals(connection.Connector, receiver.ConnectorType, StringComparison.OrdinalIgnoreCase))
            {
                contexts.Add(await connections.CreateContextAsync(name, context.RequestAborted));
            }
        }

        var result = receiver.Receive(new WebhookDelivery(headers, body.ToArray()), contexts);
        if (!result.Authentic)
        {
            LogRejected(logger, connector, result.Error);
            return Results.Unauthorized();
        }

        var due = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var now = clock.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var change in result.Events)
        {
            if (await ledger.TryAddValueAsync($"webhook:{connector}:{change.EventId}", now, context.RequestAborted))
            {
                due.Add(change.Connection);
            }
        }

        var scheduler = await schedulers.GetScheduler(context.RequestAborted);
        foreach (var name in due)
        {
            await scheduler.TriggerJob(ConnectionJob.KeyFor(name), new JobDataMap { [ConnectionJob.ModeKey] = ConnectionJob.SyncMode }, context.RequestAborted);
        }

        LogReceived(logger, connector, result.Events.Count, due.Count, result.Error);
        return Results.Ok();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks listening on {Address}")]
    private static partial void LogListening(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {Connector} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string connector, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for {Connector}: {Events} events, sync triggered for {Connections} connections {Note}")]
    private static partial void LogReceived(ILogger logger, string connector, int events, int connections, string? note);
}
