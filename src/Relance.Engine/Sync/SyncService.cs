using System.Globalization;
using Microsoft.Extensions.Logging;
using Relance.Connectors;
using Relance.Engine.Alerts;
using Relance.Engine.Connections;
using Relance.Engine.Telemetry;
using Relance.Ledger;

namespace Relance.Engine.Sync;

/// <summary>
/// Reads a connection's stream into the ledger. Records are stored as they come (upserts are idempotent); the
/// cursor is saved only at a checkpoint, after the records before it, so a crash re-reads rather than loses.
/// </summary>
public sealed partial class SyncService(ConnectionFactory connections, IDunningLedger ledger, ConnectionPauses pauses, AdminAlerts alerts, RelanceClock clock, ILogger<SyncService> logger, Health.ConnectionStatus status, Microsoft.Extensions.Options.IOptionsMonitor<Configuration.RelanceOptions> options)
{
    private int UnreachableRunsBeforeAlert => Math.Max(1, options.CurrentValue.Alerts.UnreachableRuns);

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

        using var activity = RelanceTelemetry.StartRun("sync", connection.Name);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var exclusive = await ExclusiveAsync(connection.Name, cancellationToken);
            var report = await ReadAsync(connection, progress, cancellationToken);
            report = report with { PaidHistory = await ReadPaidHistoryAsync(connection, report, cancellationToken) };
            RelanceTelemetry.Synced(report, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            await status.SucceededAsync(connection.Name, "sync", CancellationToken.None);
            activity?.SetTag("relance.invoices", report.Invoices).SetTag("relance.mode", report.Mode);
            return report;
        }
        catch (ConnectorException ex) when (ex.RetryAfter is { } retryAfter)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "paused by the platform");
            await pauses.PauseAsync(connection.Name, retryAfter, cancellationToken);
            await status.FailedAsync(connection.Name, "sync", ex, CancellationToken.None);
            await alerts.NotifyAsync(connection.Name, $"The platform's rate limit or quota paused the connection until {retryAfter:yyyy-MM-dd HH:mm} UTC: syncs and reminders wait until then. {ex.Message}", CancellationToken.None);
            throw;
        }
        catch (ConnectorException ex) when (ex.Kind == ConnectorErrorKind.Configuration)
        {
            await alerts.NotifyAsync(connection.Name, ex.Message, cancellationToken);
            await status.FailedAsync(connection.Name, "sync", ex, CancellationToken.None);
            throw;
        }
        catch (ConnectorException ex)
        {
            var runs = await status.FailedAsync(connection.Name, "sync", ex, CancellationToken.None);
            if (runs >= UnreachableRunsBeforeAlert)
            {
                await alerts.NotifyAsync(connection.Name, $"The platform failed {runs} syncs in a row: {ex.Message}", CancellationToken.None);
            }

            throw;
        }
    }

    private async Task<SyncReport> ReadAsync(Connection connection, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = await ledger.GetCursorAsync(connection.Name, cancellationToken);
        var batch = new List<SyncMessage>(BatchSize);
        var rejected = new List<string>();

        // A snapshot begun by an earlier run goes on under its own id when the read continues from where it stopped.
        var pending = await PendingSnapshot.ReadAsync(ledger, connection.Name, cancellationToken);
        if (pending is not null && !pending.ContinuesFrom(cursor?.Value))
        {
            pending = null;
        }

        var committed = cursor?.Value;

        var snapshotId = pending?.Id;
        var full = pending is not null;
        var first = pending?.First ?? cursor is null;
        var started = pending?.Started ?? clock.UtcNow;
        var part = (pending?.Parts ?? 0) + 1;
        var partial = false;
        var completed = false;
        int invoices = 0, customers = 0, deleted = 0, closed = 0;
        var customerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var received = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? pausedUntil = null;

        try
        {
            await foreach (var message in connection.Connector.ReadAsync(cursor, cancellationToken))
            {
                switch (message)
                {
                    case FullSnapshotStarted:
                        snapshotId = NewSnapshotId();
                        full = true;
                        started = clock.UtcNow;
                        part = 1;
                        break;
                    case InvoiceRecord { Invoice: var invoice } when RecordChecks.Problem(invoice) is { } problem:
                        Reject("invoice", invoice.Id, problem);
                        break;
                    case CustomerRecord { Customer: var customer } when RecordChecks.Problem(customer) is { } problem:
                        Reject("customer", customer.Id, problem);
                        break;
                    case InvoiceRecord { Invoice: var invoice }:
                        invoices++;
                        batch.Add(message);
                        if (invoice.IsOpen && !full)
                        {
                            // Only an incremental read may leave customers out (a full one announces itself first).
                            customerOf[invoice.Id] = invoice.CustomerId;
                        }

                        break;
                    case CustomerRecord { Customer: var customer }:
                        customers++;
                        batch.Add(message);
                        received.Add(customer.Id);
                        break;
                    case InvoiceDeleted:
                        deleted++;
                        batch.Add(message);
                        break;
                    case RecordSkipped skipped:
                        Reject(skipped.Kind, skipped.Id, skipped.Reason);
                        break;
                    case SnapshotProgress { Cursor: var position }:
                        // The id is saved before the cursor: a crash between the two leaves the old cursor, whose read
                        // either announces a new snapshot or goes on with this one from the position before.
                        await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);
                        if (snapshotId is not null)
                        {
                            await new PendingSnapshot(snapshotId, first, started, part, position.Value, committed).SaveAsync(ledger, connection.Name, cancellationToken);
                        }

                        await ledger.CommitCheckpointAsync(connection.Name, position, null, clock.UtcNow, cancellationToken);
                        committed = position.Value;
                        partial = true;
                        break;
                    case Checkpoint checkpoint:
                        await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);

                        // Forgotten before the cursor moves on: a crash between the two leaves a resumable read whose
                        // end closes nothing, never a stale id that would close what a later read did not stamp with it.
                        if (partial || pending is not null)
                        {
                            await PendingSnapshot.ClearAsync(ledger, connection.Name, cancellationToken);
                        }

                        closed += await ledger.CommitCheckpointAsync(connection.Name, checkpoint.Cursor, snapshotId, clock.UtcNow, cancellationToken);
                        completed = snapshotId is not null;
                        snapshotId = null;
                        break;
                }

                if (batch.Count >= BatchSize)
                {
                    await FlushAsync(connection.Name, batch, snapshotId, cancellationToken);
                    progress?.Report(new SyncProgress(connection.Name, invoices, customers));
                }
            }
        }
        catch (ConnectorException ex) when (ex.RetryAfter is { } until && (partial || pending is not null))
        {
            // A quota met part-way through a snapshot read in parts is its expected end for the day, not a failure:
            // what was read is kept, and the next sync after the pause continues from the saved position.
            await pauses.PauseAsync(connection.Name, until, cancellationToken);
            LogPartStopped(logger, connection.Name, ex.Message);
            pausedUntil = until;
            batch.Clear();
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
        if (!full && connection.Connector.Descriptor.Capabilities.HasFlag(ConnectorCapabilities.CustomerLookup))
        {
            customers += await LookUpMissingCustomersAsync(connection, customerOf.Where(c => !received.Contains(c.Value)).ToList(), Reject, cancellationToken);
        }
        progress?.Report(new SyncProgress(connection.Name, invoices, customers));
        var snapshot = full && (part > 1 || !completed) ? new SnapshotPart(part, completed, first, started) : null;
        var report = new SyncReport(connection.Name, full, invoices, customers, deleted, closed, rejected) { Part = snapshot, PausedUntil = pausedUntil };
        LogSynced(logger, connection.Name, report.Mode, invoices, customers, deleted, closed, rejected.Count);
        return report;
    }

    /// <summary>
    /// Once the account is read whole, its paid invoices of the last <c>PaidHistoryMonths</c> months, once: DSO and
    /// days late then rest on what was invoiced and paid, not on open invoices alone. A read stopped by a quota or a
    /// failure is tried again at a later sync (a failure, the next day), never in the way of the open invoices.
    /// </summary>
    private async Task<int> ReadPaidHistoryAsync(Connection connection, SyncReport report, CancellationToken cancellationToken)
    {
        var key = $"paid-history:{connection.Name}";
        var today = clock.Today(connection.TimeZone);
        if (connection.Options.PaidHistoryMonths == 0
            || report.PausedUntil is not null
            || report.Part is { Completed: false }
            || await ledger.GetCursorAsync(connection.Name, cancellationToken) is null
            || await ledger.GetValueAsync(key, cancellationToken) is { } state && !Retry(state, today))
        {
            return 0;
        }

        if (report.Part is { Number: > 1 })
        {
            // An account read whole over several runs lives under a quota: reading its history would take the
            // requests its reminders need, day after day. Its figures rest on the invoices Relance sees.
            await ledger.SetValueAsync(key, $"skipped {today:yyyy-MM-dd}: the first full read took {report.Part.Number} parts", cancellationToken);
            LogHistorySkipped(logger, connection.Name, report.Part.Number);
            return 0;
        }

        var since = today.AddMonths(-connection.Options.PaidHistoryMonths);
        var batch = new List<SyncMessage>(BatchSize);
        var paid = 0;
        try
        {
            await foreach (var message in connection.Connector.ReadPaidHistoryAsync(since, cancellationToken))
            {
                // Only what the history is for: a paid invoice the ledger does not hold as open, and customers.
                // An open one belongs to the snapshot, and is never opened (nor closed) from here.
                switch (message)
                {
                    case InvoiceRecord { Invoice: { IsOpen: false, Status: InvoiceStatus.Paid } invoice } when RecordChecks.Problem(invoice) is null:
                        if (await ledger.GetInvoiceAsync(connection.Name, invoice.Id, cancellationToken) is null)
                        {
                            batch.Add(message);
                            paid++;
                        }

                        break;
                    case CustomerRecord { Customer: var customer } when RecordChecks.Problem(customer) is null:
                        batch.Add(message);
                        break;
                }

                if (batch.Count >= BatchSize)
                {
                    await FlushAsync(connection.Name, batch, null, cancellationToken);
                }
            }

            await FlushAsync(connection.Name, batch, null, cancellationToken);
            await ledger.SetValueAsync(key, string.Create(CultureInfo.InvariantCulture, $"done {today:yyyy-MM-dd}, {paid} paid invoices issued since {since:yyyy-MM-dd}"), cancellationToken);
            LogHistory(logger, connection.Name, paid, since);
            return paid;
        }
        catch (ConnectorException ex)
        {
            // What was read is kept (the next attempt skips what the ledger holds); the open invoices are already in.
            await FlushAsync(connection.Name, batch, null, cancellationToken);
            if (ex.RetryAfter is { } until)
            {
                await pauses.PauseAsync(connection.Name, until, cancellationToken);
            }

            await ledger.SetValueAsync(key, $"{(ex.RetryAfter is null ? "failed" : "quota")} {today:yyyy-MM-dd}", cancellationToken);

            LogHistoryStopped(logger, connection.Name, ex.Message);
            return paid;
        }
    }

    // A failure is tried again the next day; a quota met, a week later (the reminders need the requests first).
    private static bool Retry(string state, DateOnly today)
    {
        var parts = state.Split(' ', 3);
        return parts.Length >= 2 && DateOnly.TryParseExact(parts[1].TrimEnd(':', ','), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && parts[0] switch { "failed" => day < today, "quota" => day.AddDays(7) <= today, _ => false };
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

    /// <summary>
    /// The customers an incremental read left out because they were emitted before, when the ledger does not hold them
    /// after all (a read that failed, an invoice of a customer who had none open): read by id, a few requests at most.
    /// </summary>
    private async Task<int> LookUpMissingCustomersAsync(Connection connection, IReadOnlyList<KeyValuePair<string, string>> openInvoices, Action<string, string?, string> reject, CancellationToken cancellationToken)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (invoiceId, customerId) in openInvoices)
        {
            if (!missing.Contains(customerId) && await ledger.GetInvoiceAsync(connection.Name, invoiceId, cancellationToken) is { Customer: null })
            {
                missing.Add(customerId);
            }
        }

        if (missing.Count == 0)
        {
            return 0;
        }

        var found = new List<SyncMessage>();
        foreach (var message in await connection.Connector.GetCustomersAsync(missing, cancellationToken))
        {
            switch (message)
            {
                case CustomerRecord { Customer: var customer } when RecordChecks.Problem(customer) is { } problem:
                    reject("customer", customer.Id, problem);
                    break;
                case CustomerRecord { Customer: var customer }:
                    found.Add(message);
                    missing.Remove(customer.Id);
                    break;
                case RecordSkipped skipped:
                    reject(skipped.Kind, skipped.Id, skipped.Reason);
                    missing.Remove(skipped.Id);
                    break;
            }
        }

        foreach (var id in missing)
        {
            reject("customer", id, "named by an open invoice, not found on the platform");
        }

        var stored = found.Count;
        await FlushAsync(connection.Name, found, null, cancellationToken);
        return stored;
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: full read stopped part-way, what was read is kept and the next sync continues it: {Reason}")]
    private static partial void LogPartStopped(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {Paid} paid invoices issued since {Since} read for the receivables figures (once)")]
    private static partial void LogHistory(ILogger logger, string connection, int paid, DateOnly since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: the paid history is not read (the first full read took {Parts} parts, so the account is under a quota its reminders need); its figures rest on the invoices Relance sees")]
    private static partial void LogHistorySkipped(ILogger logger, string connection, int parts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: reading the paid invoices for the receivables figures stopped, tried again later: {Reason}")]
    private static partial void LogHistoryStopped(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: {Kind} {Id} skipped: {Reason}")]
    private static partial void LogRejected(ILogger logger, string connection, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {Mode} sync stored {Invoices} invoices, {Customers} customers, {Deleted} deletions; {Closed} closed; {Rejected} rejected")]
    private static partial void LogSynced(ILogger logger, string connection, string mode, int invoices, int customers, int deleted, int closed, int rejected);
}
