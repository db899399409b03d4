using Microsoft.Data.Sqlite;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Engine.Tests;

public sealed class StorageFullTests
{
    [Fact]
    public void A_sqlite_database_that_cannot_grow_is_told_as_a_full_disk_naming_the_data_folder()
    {
        using var dir = new TempDirectory();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "ledger.db")};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            // A database capped at a few pages fails exactly as on a full disk: SQLITE_FULL, "database or disk is full".
            setup.CommandText = "CREATE TABLE t (x BLOB); PRAGMA max_page_count = 3;";
            setup.ExecuteNonQuery();
        }

        var full = Assert.Throws<SqliteException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO t VALUES (zeroblob(4000))";
                insert.ExecuteNonQuery();
            }
        });

        var message = StorageFull.Describe(new InvalidOperationException("the run failed", full), dir.Path);

        Assert.NotNull(message);
        Assert.Contains(Path.GetFullPath(dir.Path), message, StringComparison.Ordinal);
        Assert.Contains("is full", message, StringComparison.Ordinal);
        Assert.Contains("MiB free", message, StringComparison.Ordinal);
        Assert.Contains("Relance:DataDirectory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_storage_errors_are_not_taken_for_a_full_disk()
    {
        Assert.Null(StorageFull.Describe(new SqliteException("database is locked", 5), "data"));
        Assert.Null(StorageFull.Describe(new IOException("The process cannot access the file", 32), "data"));
        Assert.NotNull(StorageFull.Describe(new IOException("No space left on device", 28), "data"));
    }
}
