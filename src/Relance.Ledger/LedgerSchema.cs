namespace Relance.Ledger;

internal static class LedgerSchema
{
    // Timestamps are ISO-8601 text (round-trip "O"), so they sort and compare as text.
    // Portable SQL: the same tables on SQLite and PostgreSQL.
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS cursors (
            connection TEXT PRIMARY KEY,
            cursor TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS invoices (
            connection TEXT NOT NULL,
            invoice_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            is_open INTEGER NOT NULL,
            amount_due TEXT,
            partial_payment_at TEXT,
            closed_at TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            snapshot_id TEXT,
            payload TEXT NOT NULL,
            synced_at TEXT NOT NULL,
            PRIMARY KEY (connection, invoice_id));
        CREATE INDEX IF NOT EXISTS ix_invoices_open ON invoices (connection, is_open);
        CREATE TABLE IF NOT EXISTS customers (
            connection TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            synced_at TEXT NOT NULL,
            PRIMARY KEY (connection, customer_id));
        CREATE TABLE IF NOT EXISTS actions (
            id TEXT PRIMARY KEY,
            connection TEXT NOT NULL,
            invoice_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            step TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL,
            run_id TEXT NOT NULL,
            attempts BIGINT NOT NULL,
            claimed_at TEXT NOT NULL,
            completed_at TEXT,
            recipients TEXT,
            detail TEXT,
            note_state TEXT NOT NULL,
            note_text TEXT,
            UNIQUE (connection, invoice_id, step));
        CREATE TABLE IF NOT EXISTS action_events (
            action_id TEXT NOT NULL,
            at TEXT NOT NULL,
            event TEXT NOT NULL,
            detail TEXT);
        CREATE INDEX IF NOT EXISTS ix_actions_customer ON actions (connection, customer_id);
        CREATE TABLE IF NOT EXISTS holds (
            connection TEXT NOT NULL,
            scope TEXT NOT NULL,
            target_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            until TEXT,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            schedule TEXT,
            PRIMARY KEY (connection, scope, target_id, kind));
        CREATE TABLE IF NOT EXISTS kv (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        """;
}
