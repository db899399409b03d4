using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using Dapper;
using Relance.Connectors;

namespace Relance.Ledger;

/// <summary>
/// The ledger over plain SQL that SQLite and PostgreSQL both speak (upserts with ON CONFLICT, text timestamps).
/// One short-lived pooled connection per call. Subclasses open connections and create the schema.
/// </summary>
public abstract class SqlDunningLedger : IDunningLedger
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Opens a connection ready for use (session settings applied).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables if missing; safe to run concurrently from several hosts.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Where the ledger lives, for messages (a file path, or server and database — never a password).</summary>
    protected abstract string Location { get; }

    private const string UpsertValueSql = "INSERT INTO kv (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    /// <summary>Brings a ledger created by an earlier version up to date (see <see cref="LedgerMigrations"/>).</summary>
    protected static async Task MigrateAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var stored = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM kv WHERE key = @key", new { key = LedgerMigrations.VersionKey }, transaction, cancellationToken: cancellationToken));
        var version = stored is null ? 1 : int.Parse(stored, CultureInfo.InvariantCulture);
        if (version > LedgerMigrations.Current)
        {
            throw new InvalidOperationException($"The ledger was written by a newer Relance (schema {version}, this one knows {LedgerMigrations.Current}): upgrade Relance.");
        }

        for (; version < LedgerMigrations.Current; version++)
        {
            await connection.ExecuteAsync(new CommandDefinition(LedgerMigrations.Steps[version - 1], transaction: transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            UpsertValueSql,
            new { key = LedgerMigrations.VersionKey, value = version.ToString(CultureInfo.InvariantCulture) },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Opens the ledger and proves it can be written, or says in one sentence why not and where.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(UpsertValueSql, new { key = "ledger:opened-at", value = Format(DateTimeOffset.UtcNow) }, cancellationToken: cancellationToken));
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            throw new LedgerUnavailableException($"The ledger {Location} cannot be used: {ex.Message.TrimEnd('.')}. {Advice(ex)}", ex);
        }
    }

    private static string Advice(Exception ex) => ex.Message switch
    {
        var m when m.Contains("readonly", StringComparison.OrdinalIgnoreCase) || m.Contains("read-only", StringComparison.OrdinalIgnoreCase) || ex is UnauthorizedAccessException =>
            "Give the user running Relance write access to the file and its folder (SQLite also writes -wal and -shm files beside it).",
        var m when m.Contains("not a database", StringComparison.OrdinalIgnoreCase) || m.Contains("malformed", StringComparison.OrdinalIgnoreCase) =>
            "The file is damaged or is not a Relance ledger: restore it from a backup (nothing was sent meanwhile); do not delete it, it is what prevents double sends.",
        var m when m.Contains("locked", StringComparison.OrdinalIgnoreCase) || m.Contains("busy", StringComparison.OrdinalIgnoreCase) =>
            "Another process holds it: wait for it to finish, or stop the other Relance using this data folder.",
        _ => "Check Relance:Ledger:ConnectionString and that the database is reachable.",
    };

    public async Task<SyncCursor?> GetCursorAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var value = await db.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT cursor FROM cursors WHERE connection = @connection", new { connection }, cancellationToken: cancellationToken));
        return value is null ? null : new SyncCursor(value);
    }

    public async Task StoreAsync(string connection, IReadOnlyList<SyncMessage> records, string? snapshotId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var now = Format(at);
        var observed = await ObservePaymentsAsync(db, tx, connection, records, cancellationToken);
        foreach (var record in records)
        {
            switch (record)
            {
                case InvoiceRecord { Invoice: var synced }:
                    var invoice = observed.GetValueOrDefault(synced.Id) is { } payments ? synced with { Payments = payments } : synced;
                    await db.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO invoices (connection, invoice_id, customer_id, is_open, amount_due, deleted, snapshot_id, payload, synced_at)
                        VALUES (@connection, @id, @customerId, @isOpen, @amountDue, 0, @snapshotId, @payload, @now)
                        ON CONFLICT (connection, invoice_id) DO UPDATE SET
                            partial_payment_at = CASE
                                WHEN invoices.amount_due IS NOT NULL AND CAST(excluded.amount_due AS NUMERIC) > 0
                                     AND CAST(excluded.amount_due AS NUMERIC) < CAST(invoices.amount_due AS NUMERIC) THEN excluded.synced_at
                                ELSE invoices.partial_payment_at END,
                            amount_due = excluded.amount_due,
                            closed_at = CASE
                                WHEN excluded.is_open = 1 THEN NULL
                                WHEN invoices.is_open = 1 THEN excluded.synced_at
                                ELSE invoices.closed_at END,
                            customer_id = excluded.customer_id, is_open = excluded.is_open, deleted = 0,
                            snapshot_id = CASE
                                WHEN invoices.snapshot_id IS NULL OR excluded.snapshot_id > invoices.snapshot_id THEN excluded.snapshot_id
                                ELSE invoices.snapshot_id END,
                            payload = excluded.payload, synced_at = excluded.synced_at
                        """,
                        new
                        {
                            connection,
                            id = invoice.Id,
                            customerId = invoice.CustomerId,
                            isOpen = invoice.IsOpen ? 1 : 0,
                            amountDue = invoice.AmountDue.Amount.ToString(CultureInfo.InvariantCulture),
                            snapshotId,
                            payload = JsonSerializer.Serialize(invoice, LedgerJson.Options),
                            now,
                        },
                        tx,
                        cancellationToken: cancellationToken));
                    break;
                case CustomerRecord { Customer: var customer }:
                    await db.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO customers (connection, customer_id, payload, synced_at) VALUES (@connection, @id, @payload, @now)
                        ON CONFLICT (connection, customer_id) DO UPDATE SET payload = excluded.payload, synced_at = excluded.synced_at
                        """,
                        new { connection, id = customer.Id, payload = JsonSerializer.Serialize(customer, LedgerJson.Options), now },
                        tx,
                        cancellationToken: cancellationToken));
                    break;
                case InvoiceDeleted { InvoiceId: var invoiceId }:
                    await db.ExecuteAsync(new CommandDefinition(
                        "UPDATE invoices SET closed_at = CASE WHEN is_open = 1 THEN @now ELSE closed_at END, is_open = 0, deleted = 1, synced_at = @now WHERE connection = @connection AND invoice_id = @invoiceId",
                        new { connection, invoiceId, now },
                        tx,
                        cancellationToken: cancellationToken));
                    break;
            }
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<int> CommitCheckpointAsync(string connection, SyncCursor cursor, string? completedSnapshotId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var closed = 0;
        if (completedSnapshotId is not null)
        {
            // Snapshot ids sort by start, and a stamp is never replaced by an older snapshot's: a snapshot that
            // overlapped a newer one (whose stamps it cannot tell from what it missed) closes nothing.
            closed = await db.ExecuteAsync(new CommandDefinition(
                """
                UPDATE invoices SET is_open = 0, closed_at = @at
                WHERE connection = @connection AND is_open = 1 AND (snapshot_id IS NULL OR snapshot_id <> @completedSnapshotId)
                  AND NOT EXISTS (SELECT 1 FROM invoices newer WHERE newer.connection = @connection AND newer.snapshot_id > @completedSnapshotId)
                """,
                new { connection, completedSnapshotId, at = Format(at) },
                tx,
                cancellationToken: cancellationToken));
        }

        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cursors (connection, cursor, updated_at) VALUES (@connection, @cursor, @at)
            ON CONFLICT (connection) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """,
            new { connection, cursor = cursor.Value, at = Format(at) },
            tx,
            cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return closed;
    }

    /// <summary>
    /// For invoices whose platform does not date payments: every fall of the balance between two reads becomes a
    /// payment dated on the day of the last sync that read the invoice at the higher balance (it came after), kept
    /// across syncs. Interest then runs on the higher balance only until a day the payment had surely not been made.
    /// </summary>
    private static async Task<Dictionary<string, IReadOnlyList<InvoicePayment>>> ObservePaymentsAsync(DbConnection db, DbTransaction tx, string connection, IReadOnlyList<SyncMessage> records, CancellationToken cancellationToken)
    {
        var undated = records.OfType<InvoiceRecord>().Select(r => r.Invoice).Where(i => i.Payments is null && i.IsOpen).ToList();
        var result = new Dictionary<string, IReadOnlyList<InvoicePayment>>(StringComparer.Ordinal);
        if (undated.Count == 0)
        {
            return result;
        }

        // One parameter per id, written out: list expansion differs between the SQLite and PostgreSQL providers.
        var ids = undated.Select(i => i.Id).Distinct(StringComparer.Ordinal).ToList();
        var parameters = new DynamicParameters(new { connection });
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            parameters.Add($"id{index}", id);
        }

        var previous = (await db.QueryAsync<(string Id, string? Amount, string SyncedAt, string Payload)>(new CommandDefinition(
                $"SELECT invoice_id, amount_due, synced_at, payload FROM invoices WHERE connection = @connection AND invoice_id IN ({string.Join(", ", ids.Select((_, index) => $"@id{index}"))})",
                parameters,
                tx,
                cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var invoice in undated)
        {
            if (!previous.TryGetValue(invoice.Id, out var before))
            {
                continue;
            }

            var kept = (JsonSerializer.Deserialize<Invoice>(before.Payload, LedgerJson.Options)?.Payments ?? []).Where(p => p.Observed).ToList();
            if (decimal.TryParse(before.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var higher) && higher > invoice.AmountDue.Amount && invoice.AmountDue.Amount > 0m)
            {
                kept.Add(new InvoicePayment(DateOnly.FromDateTime(Parse(before.SyncedAt).UtcDateTime), higher - invoice.AmountDue.Amount, Observed: true));
            }

            if (kept.Count > 0)
            {
                result[invoice.Id] = kept;
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<StoredInvoice>> GetOpenInvoicesAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        // Unbuffered, and each customer read once however many invoices it has: a million open invoices are planned
        // from one pass over the rows, not from a copy of them all in strings first.
        var rows = db.QueryUnbufferedAsync<(string Invoice, string CustomerId, string? Customer)>(
            """
            SELECT i.payload, i.customer_id, c.payload FROM invoices i
            LEFT JOIN customers c ON c.connection = i.connection AND c.customer_id = i.customer_id
            WHERE i.connection = @connection AND i.is_open = 1
            ORDER BY i.invoice_id
            """,
            new { connection });
        var customers = new Dictionary<string, Customer?>(StringComparer.Ordinal);
        var result = new List<StoredInvoice>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!customers.TryGetValue(row.CustomerId, out var customer))
            {
                customer = row.Customer is null ? null : JsonSerializer.Deserialize<Customer>(row.Customer, LedgerJson.Options);
                customers[row.CustomerId] = customer;
            }

            result.Add(new StoredInvoice(JsonSerializer.Deserialize<Invoice>(row.Invoice, LedgerJson.Options)!, customer));
        }

        return result;
    }

    public async Task<IReadOnlyList<InvoiceHistory>> GetInvoiceHistoryAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<(string Invoice, string? Customer, long IsOpen, string? ClosedAt)>(new CommandDefinition(
            """
            SELECT i.payload, c.payload, i.is_open, i.closed_at FROM invoices i
            LEFT JOIN customers c ON c.connection = i.connection AND c.customer_id = i.customer_id
            WHERE i.connection = @connection AND i.deleted = 0
            ORDER BY i.invoice_id
            """,
            new { connection },
            cancellationToken: cancellationToken));
        return rows.Select(r => new InvoiceHistory(ToStored((r.Invoice, r.Customer)), r.IsOpen == 1, r.ClosedAt is null ? null : Parse(r.ClosedAt))).ToList();
    }

    public async Task<StoredInvoice?> GetInvoiceAsync(string connection, string invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<(string Invoice, string? Customer)>(new CommandDefinition(
            """
            SELECT i.payload, c.payload FROM invoices i
            LEFT JOIN customers c ON c.connection = i.connection AND c.customer_id = i.customer_id
            WHERE i.connection = @connection AND i.invoice_id = @invoiceId
            """,
            new { connection, invoiceId },
            cancellationToken: cancellationToken));
        return rows.Select(ToStored).SingleOrDefault();
    }

    public async Task<IReadOnlyList<TakenStep>> GetTakenStepsAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<(string InvoiceId, string CustomerId, string Step, string State, string ClaimedAt, string Channel)>(new CommandDefinition(
            "SELECT invoice_id, customer_id, step, state, claimed_at, channel FROM actions WHERE connection = @connection AND state <> 'Failed'",
            new { connection },
            cancellationToken: cancellationToken));
        return rows.Select(r => new TakenStep(r.InvoiceId, r.CustomerId, r.Step, Enum.Parse<ActionState>(r.State), Parse(r.ClaimedAt), r.Channel)).ToList();
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetPartialPaymentsAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<(string InvoiceId, string At)>(new CommandDefinition(
            "SELECT invoice_id, partial_payment_at FROM invoices WHERE connection = @connection AND is_open = 1 AND partial_payment_at IS NOT NULL",
            new { connection },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.InvoiceId, r => Parse(r.At), StringComparer.Ordinal);
    }

    public Task<ClaimResult> TryClaimAsync(ActionClaim claim, CancellationToken cancellationToken) =>
        TryRecordAsync(claim, ActionState.Claimed, $"claimed by run {claim.RunId}", cancellationToken);

    public async Task<bool> TransitionAsync(string actionId, ActionState from, ActionState to, string detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var changed = await db.ExecuteAsync(new CommandDefinition(
            "UPDATE actions SET state = @to, detail = @detail, completed_at = @at WHERE id = @actionId AND state = @from",
            new { actionId, from = from.ToString(), to = to.ToString(), detail, at = Format(at) },
            tx,
            cancellationToken: cancellationToken));
        if (changed == 1)
        {
            await AddEventAsync(db, tx, actionId, at, to.ToString().ToLowerInvariant(), detail, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return changed == 1;
    }

    public async Task<bool> TryClaimApprovedAsync(string actionId, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var changed = await db.ExecuteAsync(new CommandDefinition(
            "UPDATE actions SET state = 'Claimed', run_id = @runId, attempts = attempts + 1 WHERE id = @actionId AND state = 'Approved'",
            new { actionId, runId },
            tx,
            cancellationToken: cancellationToken));
        if (changed == 1)
        {
            await AddEventAsync(db, tx, actionId, at, "claimed", $"approved action claimed by run {runId}", cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return changed == 1;
    }

    public async Task<LedgerAction?> FindActionAsync(string actionId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryActionsAsync(db, "id = @actionId", new { actionId }, cancellationToken)).SingleOrDefault();
    }

    public async Task SetHoldAsync(HoldRecord hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        await using var db = await OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO holds (connection, scope, target_id, kind, until, reason, created_at, schedule) VALUES (@Connection, @Scope, @TargetId, @Kind, @until, @Reason, @createdAt, @Schedule)
            ON CONFLICT (connection, scope, target_id, kind) DO UPDATE SET until = excluded.until, reason = excluded.reason, created_at = excluded.created_at, schedule = excluded.schedule
            """,
            new { hold.Connection, hold.Scope, hold.TargetId, hold.Kind, until = hold.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), hold.Reason, createdAt = Format(hold.CreatedAt), hold.Schedule },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> RemoveHoldAsync(string connection, string scope, string targetId, string kind, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM holds WHERE connection = @connection AND scope = @scope AND target_id = @targetId AND kind = @kind",
            new { connection, scope, targetId, kind },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<HoldRecord>> GetHoldsAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<(string Scope, string TargetId, string Kind, string? Until, string Reason, string CreatedAt, string? Schedule)>(new CommandDefinition(
            "SELECT scope, target_id, kind, until, reason, created_at, schedule FROM holds WHERE connection = @connection",
            new { connection },
            cancellationToken: cancellationToken));
        return rows.Select(r => new HoldRecord(connection, r.Scope, r.TargetId, r.Kind, r.Until is null ? null : DateOnly.ParseExact(r.Until, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Reason, Parse(r.CreatedAt), r.Schedule)).ToList();
    }

    public async Task<ClaimResult> TryRecordAsync(ActionClaim claim, ActionState state, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);

        // The unique key decides: the INSERT wins for exactly one run; a failed action may be taken again.
        var changed = await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO actions (id, connection, invoice_id, customer_id, step, channel, state, run_id, attempts, claimed_at, note_state, detail)
            VALUES (@id, @Connection, @InvoiceId, @CustomerId, @Step, @Channel, @state, @RunId, 1, @at, 'None', @detail)
            ON CONFLICT (connection, invoice_id, step) DO UPDATE SET
                state = excluded.state, run_id = excluded.run_id, attempts = actions.attempts + 1,
                claimed_at = excluded.claimed_at, channel = excluded.channel, completed_at = NULL, detail = excluded.detail
            WHERE actions.state = 'Failed'
            """,
            new { id = Guid.NewGuid().ToString("N"), claim.Connection, claim.InvoiceId, claim.CustomerId, claim.Step, claim.Channel, claim.RunId, at = Format(claim.At), state = state.ToString(), detail },
            tx,
            cancellationToken: cancellationToken));
        var action = await QueryActionAsync(db, tx, "connection = @Connection AND invoice_id = @InvoiceId AND step = @Step", claim, cancellationToken);
        var claimed = changed == 1 && action.RunId == claim.RunId && action.State == state;
        if (claimed)
        {
            await AddEventAsync(db, tx, action.Id, claim.At, state.ToString().ToLowerInvariant(), $"attempt {action.Attempts}: {detail}", cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new ClaimResult(claimed, action);
    }

    public Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateActionAsync(
            actionId,
            "state = 'Sent', completed_at = @at, recipients = @recipients, detail = @detail, note_state = @noteState",
            new { actionId, at = Format(at), recipients, detail, noteState = noteState.ToString() },
            at,
            "sent",
            detail,
            cancellationToken);

    public Task MarkFailedAsync(string actionId, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateActionAsync(actionId, "state = 'Failed', completed_at = @at, detail = @error", new { actionId, at = Format(at), error }, at, "failed", error, cancellationToken);

    public Task MarkUnsureAsync(string actionId, string detail, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateActionAsync(actionId, "state = 'Unsure', detail = @detail", new { actionId, detail }, at, "unsure", detail, cancellationToken);

    public async Task SetNoteAsync(string actionId, NoteState state, NoteRequest? note, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE actions SET note_state = @state, note_text = COALESCE(@text, note_text),
                note_kind = COALESCE(@kind, note_kind), note_subject = COALESCE(@subject, note_subject)
            WHERE id = @actionId
            """,
            new { actionId, state = state.ToString(), text = note?.Text, kind = note?.Kind.ToString(), subject = note?.Subject },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<LedgerAction>> GetDanglingClaimsAsync(string connection, string currentRunId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryActionsAsync(db, "connection = @connection AND state = 'Claimed' AND run_id <> @currentRunId", new { connection, currentRunId }, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerAction>> GetPendingNotesAsync(string connection, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryActionsAsync(db, "connection = @connection AND state NOT IN ('Claimed', 'Unsure', 'Failed') AND note_state IN ('Pending', 'Failed')", new { connection }, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerAction>> GetActionsAsync(string connection, string? invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryActionsAsync(db, "connection = @connection AND (@invoiceId IS NULL OR invoice_id = @invoiceId)", new { connection, invoiceId }, cancellationToken);
    }

    public async Task<string?> GetValueAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT value FROM kv WHERE key = @key", new { key }, cancellationToken: cancellationToken));
    }

    public async Task SetValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            UpsertValueSql,
            new { key, value },
            cancellationToken: cancellationToken));
    }

    public abstract Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken);

    public async Task<bool> TryAddValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO kv (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            new { key, value },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetValuesAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);

        // substr, not LIKE: a connection name may hold '_', a LIKE wildcard.
        var rows = await db.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            "SELECT key, value FROM kv WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key",
            new { prefix },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    public async Task RemoveValueAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition("DELETE FROM kv WHERE key = @key", new { key }, cancellationToken: cancellationToken));
    }

    private async Task UpdateActionAsync(string actionId, string set, object parameters, DateTimeOffset at, string eventName, string? detail, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var changed = await db.ExecuteAsync(new CommandDefinition($"UPDATE actions SET {set} WHERE id = @actionId", parameters, tx, cancellationToken: cancellationToken));
        if (changed != 1)
        {
            throw new InvalidOperationException($"Ledger action '{actionId}' does not exist.");
        }

        await AddEventAsync(db, tx, actionId, at, eventName, detail, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static Task AddEventAsync(DbConnection db, DbTransaction tx, string actionId, DateTimeOffset at, string eventName, string? detail, CancellationToken cancellationToken) =>
        db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO action_events (action_id, at, event, detail) VALUES (@actionId, @at, @eventName, @detail)",
            new { actionId, at = Format(at), eventName, detail },
            tx,
            cancellationToken: cancellationToken));

    private static async Task<LedgerAction> QueryActionAsync(DbConnection db, DbTransaction tx, string where, object parameters, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleAsync<ActionRow>(new CommandDefinition($"{ActionRow.Select} WHERE {where}", parameters, tx, cancellationToken: cancellationToken));
        return row.ToAction();
    }

    private static async Task<IReadOnlyList<LedgerAction>> QueryActionsAsync(DbConnection db, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<ActionRow>(new CommandDefinition($"{ActionRow.Select} WHERE {where} ORDER BY claimed_at, id", parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAction()).ToList();
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        if (!_schemaReady)
        {
            // The schema is created on first use, whoever comes first (CLI, job, test): no separate setup step.
            await _schemaGate.WaitAsync(cancellationToken);
            try
            {
                if (!_schemaReady)
                {
                    await CreateSchemaAsync(connection, cancellationToken);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaGate.Release();
            }
        }

        return connection;
    }

    private static StoredInvoice ToStored((string Invoice, string? Customer) row) => new(
        JsonSerializer.Deserialize<Invoice>(row.Invoice, LedgerJson.Options)!,
        row.Customer is null ? null : JsonSerializer.Deserialize<Customer>(row.Customer, LedgerJson.Options));

    internal static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed class ActionRow
    {
        public const string Select =
            "SELECT id AS Id, connection AS Connection, invoice_id AS InvoiceId, customer_id AS CustomerId, step AS Step, channel AS Channel, " +
            "state AS State, run_id AS RunId, attempts AS Attempts, claimed_at AS ClaimedAt, completed_at AS CompletedAt, " +
            "recipients AS Recipients, detail AS Detail, note_state AS NoteState, note_text AS NoteText, " +
            "note_kind AS NoteKind, note_subject AS NoteSubject FROM actions";

        public string Id { get; set; } = "";
        public string Connection { get; set; } = "";
        public string InvoiceId { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string Step { get; set; } = "";
        public string Channel { get; set; } = "";
        public string State { get; set; } = "";
        public string RunId { get; set; } = "";
        public long Attempts { get; set; }
        public string ClaimedAt { get; set; } = "";
        public string? CompletedAt { get; set; }
        public string? Recipients { get; set; }
        public string? Detail { get; set; }
        public string NoteState { get; set; } = "";
        public string? NoteText { get; set; }
        public string? NoteKind { get; set; }
        public string? NoteSubject { get; set; }

        public LedgerAction ToAction() => new(
            Id,
            Connection,
            InvoiceId,
            CustomerId,
            Step,
            Channel,
            Enum.Parse<ActionState>(State),
            RunId,
            (int)Attempts,
            DateTimeOffset.Parse(ClaimedAt, CultureInfo.InvariantCulture),
            CompletedAt is null ? null : DateTimeOffset.Parse(CompletedAt, CultureInfo.InvariantCulture),
            Recipients,
            Detail,
            Enum.Parse<Ledger.NoteState>(NoteState),
            NoteText,
            NoteKind is null ? Connectors.NoteKind.ReminderSent : Enum.Parse<Connectors.NoteKind>(NoteKind),
            NoteSubject);
    }
}
