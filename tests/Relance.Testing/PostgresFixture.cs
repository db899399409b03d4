namespace Relance.Testing;

/// <summary>
/// One PostgreSQL server per test collection; each test creates its own database. Where Debian's <c>postgresql</c>
/// binaries are absent, the tests that need it are skipped with the reason — except under <c>CI=true</c>, where a
/// missing server fails them (<c>.ci/run</c> installs it).
/// </summary>
public sealed class PostgresFixture : Xunit.IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _missing;

    /// <summary>The running server; skips (or, under CI, fails) the calling test when there is none.</summary>
    public PostgresServer Server => _server ?? (_missing is { } why && Environment.GetEnvironmentVariable("CI") != "true"
        ? throw new Xunit.SkipException($"needs PostgreSQL: {why}")
        : throw new InvalidOperationException(_missing ?? "PostgreSQL not started."));

    public async Task InitializeAsync()
    {
        if (!PostgresServer.BinariesPresent)
        {
            _missing = "server binaries (initdb, pg_ctl) not found; install Debian's 'postgresql' package to run these tests";
            return;
        }

        _server = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
