using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;
using Relance.Delivery;
using Relance.Engine.Configuration;
using Relance.Engine.Health;
using Relance.Ledger;

namespace Relance.Connector.Host.Health;

/// <summary>The worker's health: its ledger, its scheduler, its mail relay, and each connection as its last runs left it.</summary>
internal static class RelanceHealthChecks
{
    public static IHostApplicationBuilder AddRelanceHealthChecks(this IHostApplicationBuilder builder, bool scheduling)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<LedgerCheck>("ledger")
            .AddCheck<SmtpCheck>("smtp");
        if (scheduling)
        {
            checks.AddCheck<SchedulerCheck>("scheduler");
        }

        // One check per configured connection, so that one account's trouble never hides (or stands for) another's.
        var names = builder.Configuration.GetSection($"{RelanceOptions.SectionName}:Connections").GetChildren().Select(c => c.Key);
        foreach (var name in names)
        {
            checks.Add(new HealthCheckRegistration($"connection:{name}", sp => ActivatorUtilities.CreateInstance<ConnectionCheck>(sp, name), HealthStatus.Unhealthy, ["connection"]));
        }

        return builder;
    }

    private sealed class LedgerCheck(IDunningLedger ledger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await ledger.GetValueAsync("health:probe", cancellationToken);
                return HealthCheckResult.Healthy("reachable");
            }
            catch (Exception ex) when (ex is LedgerUnavailableException or System.Data.Common.DbException or IOException)
            {
                return HealthCheckResult.Unhealthy($"not reachable: {ex.Message}");
            }
        }
    }

    private sealed class SchedulerCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var state = await scheduler.GetStatus(cancellationToken);
            return state == SchedulerStatus.Running
                ? HealthCheckResult.Healthy($"running ({scheduler.SchedulerInstanceId})")
                : HealthCheckResult.Unhealthy($"not running ({state})");
        }
    }

    private sealed class SmtpCheck(IOptions<DeliveryOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var delivery = options.Value;
            if (delivery.Mode != DeliveryMode.Smtp)
            {
                return HealthCheckResult.Healthy($"{delivery.Mode}: no relay to reach");
            }

            // A connection, no login: proves the relay answers without sending anything or spending its limits.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(delivery.Smtp.Host!, delivery.Smtp.Port, timeout.Token);
                return HealthCheckResult.Healthy($"{delivery.Smtp.Host}:{delivery.Smtp.Port} answers");
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"{delivery.Smtp.Host}:{delivery.Smtp.Port} does not answer");
            }
        }
    }

    private sealed class ConnectionCheck(string name, ConnectionStatus status, IOptionsMonitor<RelanceOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            if (!options.CurrentValue.Connections.TryGetValue(name, out var connection) || !connection.Enabled)
            {
                return HealthCheckResult.Healthy("disabled");
            }

            var state = await status.ReadAsync(name, cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["last_sync"] = state.LastSync?.ToString("O") ?? "",
                ["last_dunning"] = state.LastDunning?.ToString("O") ?? "",
            };
            return state.Current switch
            {
                { Kind: ProblemKind.Credentials } problem => HealthCheckResult.Unhealthy($"credentials or settings rejected since {problem.At:u}: {problem.Message}", data: data),
                { Kind: ProblemKind.Quota } problem => HealthCheckResult.Degraded($"paused by the platform's quota since {problem.At:u}: {problem.Message}", data: data),
                { } problem => HealthCheckResult.Degraded($"last run failed at {problem.At:u}: {problem.Message}", data: data),
                null when state.LastSync is null => HealthCheckResult.Degraded("not synced yet", data: data),
                _ => HealthCheckResult.Healthy($"last sync {state.LastSync:u}{(state.LastDunning is { } dunned ? $", last dunning run {dunned:u}" : "")}", data: data),
            };
        }
    }
}
