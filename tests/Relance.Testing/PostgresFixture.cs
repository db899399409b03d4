namespace Relance.Testing;

/// <summary>One PostgreSQL server per test collection; each test creates its own database.</summary>
public sealed class PostgresFixture : Xunit.IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
