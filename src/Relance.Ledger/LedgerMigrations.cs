namespace Relance.Ledger;

/// <summary>
/// Versioned changes to the ledger's tables, for databases created by an earlier Relance. Version 1 is
/// <see cref="LedgerSchema.Tables"/>; entry i upgrades version i + 1 to i + 2. Portable SQL only (SQLite and PostgreSQL).
/// </summary>
internal static class LedgerMigrations
{
    public const string VersionKey = "ledger:schema-version";

    public static IReadOnlyList<string> Steps { get; } =
    [
        // 2: a note is stored whole (kind and title too) before the send, so an interrupted one is written as it was meant.
        "ALTER TABLE actions ADD COLUMN note_kind TEXT; ALTER TABLE actions ADD COLUMN note_subject TEXT;",
    ];

    public static int Current => 1 + Steps.Count;
}
