using Microsoft.Extensions.Options;
using Relance.Ledger;

namespace Relance.Engine.Tests;

public sealed class SqliteLedgerTests : LedgerContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"relance-ledger-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    protected override IDunningLedger NewLedger() => new SqliteDunningLedger(Options.Create(new LedgerOptions { ConnectionString = $"Data Source={_path}" }));
}
