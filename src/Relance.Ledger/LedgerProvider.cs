namespace Relance.Ledger;

/// <summary>Which database holds the ledger.</summary>
public enum LedgerProvider
{
    /// <summary>An embedded file: one host.</summary>
    Sqlite,

    /// <summary>A shared server: several hosts (with Quartz clustering on the same database).</summary>
    Postgres,
}
