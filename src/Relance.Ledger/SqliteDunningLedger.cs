using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Relance.Ledger;

/// <summary>The embedded ledger (default): one SQLite file, WAL so that readers and one writer coexist.</summary>
public sealed class SqliteDunningLedger : SqlDunningLedger
{
    private readonly string _connectionString;
    private readonly string? _lockPrefix;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _memoryLocks = new(StringComparer.Ordinal);

    public SqliteDunningLedger(IOptions<LedgerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = LedgerOptions.Parse(options.Value.ConnectionString, text => new SqliteConnectionStringBuilder(text) { Pooling = true, DefaultTimeout = 30 });
        _connectionString = builder.ToString();
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            _lockPrefix = Path.GetFullPath(builder.DataSource);
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
    }

    protected override string Location => _lockPrefix is null ? "(in memory)" : $"'{_lockPrefix}'";

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    public override async Task<IAsyncDisposable> LockAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_lockPrefix is null)
        {
            // An in-memory database lives in this process only.
            var gate = _memoryLocks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            return new Released(gate);
        }

        return await LockFile.AcquireNamedAsync(_lockPrefix, name, cancellationToken);
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(LedgerSchema.Tables, transaction: tx, cancellationToken: cancellationToken));
        await MigrateAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}

file sealed class Released(SemaphoreSlim gate) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        gate.Release();
        return ValueTask.CompletedTask;
    }
}
