using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Relance.Ledger;

/// <summary>
/// The ledger for several hosts: one PostgreSQL database shared by every Relance instance of a Quartz cluster.
/// The unique (connection, invoice, step) key makes a claim win on exactly one host.
/// </summary>
public sealed class PostgresDunningLedger : SqlDunningLedger, IAsyncDisposable
{
    // Any constant: serialises schema creation between hosts starting together.
    private const long SchemaLockKey = 0x52454C414E4345;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDunningLedger(IOptions<LedgerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = NpgsqlDataSource.Create(LedgerOptions.Parse(options.Value.ConnectionString, text => new NpgsqlConnectionStringBuilder(text)));
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override string Location
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
            return $"PostgreSQL '{builder.Database}' on {builder.Host}:{builder.Port}";
        }
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = SchemaLockKey }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(LedgerSchema.Tables, transaction: tx, cancellationToken: cancellationToken));
        await MigrateAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public override async Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken)
    {
        // A session lock lives as long as its connection: keep one open until released.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended(@name, 0))", new { name }, cancellationToken: cancellationToken));
            return new AdvisoryLock(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class AdvisoryLock(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@name, 0))", new { name });
            }
            finally
            {
                // Closing the session releases the lock even if the unlock failed.
                await connection.DisposeAsync();
            }
        }
    }
}
