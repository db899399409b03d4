using Microsoft.Extensions.Options;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Engine.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public sealed class PostgresLedgerTests(PostgresFixture postgres) : LedgerContractTests, IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override IDunningLedger NewLedger() =>
        new PostgresDunningLedger(Options.Create(new LedgerOptions { Provider = LedgerProvider.Postgres, ConnectionString = _connectionString }));
}
