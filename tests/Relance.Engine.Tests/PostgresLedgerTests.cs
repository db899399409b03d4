using Microsoft.Extensions.Options;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Engine.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public sealed class PostgresLedgerTests(PostgresFixture postgres) : LedgerContractTests
{
    private string? _connectionString;

    // Inside the test, not in its set-up: without a server the test is skipped with the reason, not failed.
    protected override IDunningLedger NewLedger() =>
        new PostgresDunningLedger(Options.Create(new LedgerOptions { Provider = LedgerProvider.Postgres, ConnectionString = _connectionString ??= postgres.Server.CreateDatabaseAsync().GetAwaiter().GetResult() }));
}
