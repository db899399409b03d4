using Relance.Connectors;
using Relance.Engine.Sync;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>A sync from the CLI: a live counter on an interactive terminal, plain lines otherwise (cron, CI, logs).</summary>
internal static class SyncCommand
{
    /// <summary>Syncs each connection in turn; one that fails is reported and the others still run. 1 if any failed.</summary>
    public static async Task<int> SyncAllAsync(IServiceProvider services, IReadOnlyList<string> connections, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var connection in connections)
        {
            failed += await SyncAsync(services, connection, cancellationToken) == 0 ? 0 : 1;
        }

        return failed == 0 ? 0 : 1;
    }

    public static async Task<int> SyncAsync(IServiceProvider services, string connection, CancellationToken cancellationToken)
    {
        var sync = services.GetRequiredService<SyncService>();
        SyncReport report;
        try
        {
            if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                report = await AnsiConsole.Status().StartAsync($"Syncing {connection}…", async status =>
                    await sync.RunAsync(connection, cancellationToken, new Progress<SyncProgress>(p => status.Status($"Syncing {p.Connection}: {p.Invoices:N0} invoices, {p.Customers:N0} customers"))));
            }
            else
            {
                var lastLine = 0;
                report = await sync.RunAsync(connection, cancellationToken, new Progress<SyncProgress>(p =>
                {
                    // One line per 1 000 records: readable in a log, not a flood.
                    if (p.Invoices + p.Customers - lastLine >= 1000)
                    {
                        lastLine = p.Invoices + p.Customers;
                        Console.Out.WriteLine($"sync {p.Connection}: {p.Invoices} invoices, {p.Customers} customers");
                    }
                }));
            }
        }
        catch (ConnectorException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Sync of '{connection}' failed: {ex.Message}[/]");
            return 1;
        }

        Console.Out.WriteLine($"sync {report.Connection}: {report.Mode}, {report.Invoices} invoices, {report.Customers} customers, {report.Deleted} deleted, {report.Closed} closed, {report.Rejected.Count} rejected{(report.PaidHistory > 0 ? $", {report.PaidHistory} paid invoices of the history window (read once, for the report)" : "")}{(report.PausedUntil is { } until ? $", paused until {until:u}" : "")}");
        foreach (var rejected in report.Rejected)
        {
            Console.Out.WriteLine($"  rejected {rejected}");
        }

        return 0;
    }
}
