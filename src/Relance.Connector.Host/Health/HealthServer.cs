using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Relance.Connector.Host.Hosting;

namespace Relance.Connector.Host.Health;

/// <summary>
/// <c>GET /health</c> on <c>Relance:Health:Url</c>: 200 while healthy or degraded, 503 when a check is unhealthy,
/// with every check's status and description as JSON (no secret, no customer data).
/// </summary>
internal sealed partial class HealthServer(IOptions<HealthOptions> options, HealthCheckService health, ILogger<HealthServer> logger) : MinimalApiService
{
    protected override string? Url => options.Value.Url;

    protected override void Map(WebApplication app) => app.MapGet("/health", ReportAsync);

    protected override void Listening(Uri address) => LogListening(logger, address);

    private async Task ReportAsync(HttpContext context)
    {
        var report = await health.CheckHealthAsync(context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, Json(report), cancellationToken: context.RequestAborted);
    }

    internal static object Json(HealthReport report) => new
    {
        status = report.Status.ToString(),
        checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Health endpoint listening on {Address}health")]
    private static partial void LogListening(ILogger logger, Uri address);
}
