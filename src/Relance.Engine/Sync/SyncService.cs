using System.Globalization;
using Microsoft.Extensions.Logging;
using Relance.Connectors;
using Relance.Engine.Alerts;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Sync;

/// <summary>
/// Reads a connection's stream into the ledger. Records are stored as they come (upserts are idempotent); the
/// cursor is saved only at a checkpoint, after the records before it, so a crash re-reads rather than loses.
/// </summary>
public sealed partial class SyncService(ConnectionFactory connections, IDunningLedger ledger, ConnectionPauses pauses, AdminAlerts alerts, RelanceClock clock, ILogger<SyncService> logger)
{
    private const int BatchSize = 500;

    public async Task<SyncReport> RunAsync(string connectionName, CancellationToken cancellationToken, IProgress<SyncProgress>? progress = null)
    {
        var connection = await connections.CreateAsync(connectionName, cancellationToken);
        return await RunAsync(connection, cancellationToken, progress);
    }

    public async Task<SyncReport> RunAsync(Connection connection, CancellationToken cancellationToken, IProgress<SyncProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await ledger.InitializeAsync(cancellationToken);
        if (await pauses.PausedUntilAsync(connection.Name, cancellationToken) is { } until)
        {
            LogPaused(logger, connection.Name, until);
            return SyncReport.Paused(connection.Name, until);
        }

        try
        {
            await using var exclusive = await ExclusiveAsync(connection.Name, cancellationToken);
            return await ReadAsync(connection, progress, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.RetryAfter is { } retryAfter)
        {
            await pauses.PauseAsync(connection.Name, retryAfter, cancellationToken);
            throw;
        }
        catch (ConnectorException ex) when (ex.Kind == ConnectorErrorKind.Configuration)
        {
            await alerts.NotifyAsync(connection.Name, ex.Message, cancellationToken);
            throw;
        }
    }

    private async Task<SyncReport> ReadAsync(Connection connection, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = await ledger.GetCursorAsync(connection.Name, cancellationToken);
        var batch = new List<SyncMessage>(BatchSize);
        var rejected = new List<string>();
        string? snapshotId = null;
        var full = false;
        int invoices = 0, customers = 0, deleted = 0, closed = 0;

        await foreach (var message in connection.Connector.ReadAsync(cursor, cancellationToken))
        {
            switch (message)
            {
                case FullSnapshotStarted:
                    snapshotId = NewSnapshotId();
                    full = true;
                    break;
                case InvoiceRecord { Invoice: var invoice } when RecordChecks.Problem(invoice) is { } problem:
                    Reject("invoice", invoice.Id, problem);
                    break;
                case CustomerRecord { Customer: var customer } when RecordChecks.Problem(customer) is { } problem:
                    Reject("customer", customer.Id, problem);
                    break;
                case InvoiceRecord:
                    invoices++;
                    batch.Add(message);
                    break;
                case CustomerRecord:
                    customers++;
                    batch.Add(message);
                    break;
                case InvoiceDeleted:
                    deleted++;
                    batch.Add(message);
                    break;
                case RecordSkipped skipped:
                    Reject(skipped.Kind, skipped.Id, skipped.Reason);
                    break;
                case Checkpoint checkpoint:
                    await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);
                    closed += await ledger.CommitCheckpointAsync(connection.Name, checkpoint.Cursor, snapshotId, clock.UtcNow, cancellationToken);
                    snapshotId = null;
                    break;
            }

            if (batch.Count >= BatchSize)
            {
                await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);
                progress?.Report(new SyncProgress(connection.Name, invoices, customers));
            }
        }

        void Reject(string kind, string? id, string reason)
        {
            // The id itself may be what is wrong: shown printable and short.
            var shown = id is null ? "(no id)" : RecordChecks.Printable(id, 60);
            rejected.Add($"{kind} {shown}: {reason}");
            LogRejected(logger, connection.Name, kind, shown, reason);
        }

        // Records after the last checkpoint are still worth keeping; the cursor stays where it was.
        await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);
        progress?.Report(new SyncProgress(connection.Name, invoices, customers));
        var report = new SyncReport(connection.Name, full, invoices, customers, deleted, closed, rejected);
        LogSynced(logger, connection.Name, full ? "full" : "incremental", invoices, customers, deleted, closed, rejected.Count);
        return report;
    }

    // One sync per connection at a time, across processes and hosts (the CLI beside the worker, two hosts): two
    // overlapping full reads re-stamp each other's records, and the first to finish would close what the other read.
    private Task<IAsyncDisposable> ExclusiveAsync(string connection, CancellationToken cancellationToken) =>
        ConnectionLocks.HoldAsync(
            ledger,
            "sync",
            connection,
            $"Another sync of connection '{connection}' is still running (the worker, or another `relance sync`); this one stopped so that it cannot close invoices the other is reading. Try again when it has finished.",
            cancellationToken);

    // Ids sort in the order snapshots begin (the ledger keeps the newest mark on a record). Real time, not business
    // time: two snapshots begun under a frozen demo clock still get distinct, ordered ids. The "s" sorts after
    // every hex digit, so ids from older versions (bare GUIDs) count as older.
    private static string NewSnapshotId() =>
        string.Create(CultureInfo.InvariantCulture, $"s{TimeProvider.System.GetUtcNow().UtcTicks:D19}-{Guid.NewGuid():N}");

    private async Task FlushAsync(string connection, List<SyncMessage> batch, string? snapshotId, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await ledger.StoreAsync(connection, batch, snapshotId, clock.UtcNow, cancellationToken);
        batch.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: paused by the platform until {Until}; sync skipped")]
    private static partial void LogPaused(ILogger logger, string connection, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: {Kind} {Id} skipped: {Reason}")]
    private static partial void LogRejected(ILogger logger, string connection, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {Mode} sync stored {Invoices} invoices, {Customers} customers, {Deleted} deletions; {Closed} closed; {Rejected} rejected")]
    private static partial void LogSynced(ILogger logger, string connection, string mode, int invoices, int customers, int deleted, int closed, int rejected);
}
