using System.ComponentModel.DataAnnotations;

namespace Relance.Ledger;

/// <summary>Where the ledger lives. Bound from <c>Relance:Ledger</c>.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Relance:Ledger";

    /// <summary><value>The default value is <see cref="LedgerProvider.Sqlite"/>.</value></summary>
    public LedgerProvider Provider { get; set; } = LedgerProvider.Sqlite;

    /// <summary>SQLite or Npgsql connection string. <value>The default value is a file in the data directory.</value></summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/relance-ledger.db";
}
