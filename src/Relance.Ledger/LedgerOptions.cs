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

    /// <summary>
    /// The connection string read by its provider's builder; one that does not parse is a ledger problem naming the
    /// key, never the string itself (it may hold a password).
    /// </summary>
    public static T Parse<T>(string connectionString, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            var hint = connectionString.StartsWith("secret:", StringComparison.Ordinal)
                ? "it refers to a secret that is not set (`relance validate` says where to set it)"
                : $"it is not a connection string ({ex.Message})";
            throw new LedgerUnavailableException($"{SectionName}:ConnectionString: {hint}.", ex);
        }
    }
}
