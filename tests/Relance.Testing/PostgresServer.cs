using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Relance.Testing;

/// <summary>
/// A real PostgreSQL server for tests, started with Debian's initdb/pg_ctl in a temp folder on a free loopback
/// port, trust authentication. As root (CI), the server runs as the <c>postgres</c> user, which initdb requires.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private PostgresServer(string root, string binaries, int port, bool asPostgresUser)
    {
        _root = root;
        _binaries = binaries;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>False without Debian's binaries, or with RELANCE_TESTS_NO_POSTGRES=1 (to see the suite as a machine without them does).</summary>
    public static bool BinariesPresent => Environment.GetEnvironmentVariable("RELANCE_TESTS_NO_POSTGRES") != "1" && FindBinaries() is not null;

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found (install Debian's 'postgresql' package; .ci/run does).");
        var root = Path.Combine(Path.GetTempPath(), "relance-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        var server = new PostgresServer(root, binaries, FreePort(), asPostgresUser);
        await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "relance", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        await server.RunToolAsync("pg_ctl", [
            "-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            "start",
        ]);
        return server;
    }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "relance_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=relance;Database={database};Pooling=true;Maximum Pool Size=50";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
