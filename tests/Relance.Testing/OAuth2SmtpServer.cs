using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Relance.Testing;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) that takes only SASL XOAUTH2 logins with one expected token, as
/// Exchange Online does. Closing its standard input stops it.
/// </summary>
public sealed class OAuth2SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly Task _reading;

    private OAuth2SmtpServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                _events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }
        });
    }

    public int Port { get; }

    /// <summary>XOAUTH2 attempts: the mailbox and whether the token was the expected one.</summary>
    public IReadOnlyList<(string User, bool Accepted)> Logins => [.. _events.Where(e => e.GetProperty("event").GetString() == "auth").Select(e => (e.GetProperty("user").GetString()!, e.GetProperty("accepted").GetBoolean()))];

    /// <summary>Messages accepted: the mailbox that logged in and the recipients.</summary>
    public IReadOnlyList<(string? User, IReadOnlyList<string> To)> Messages => [.. _events.Where(e => e.GetProperty("event").GetString() == "message").Select(e => (e.GetProperty("user").GetString(), (IReadOnlyList<string>)[.. e.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)]))];

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing (Debian's python3-aiosmtpd is needed for the XOAUTH2 SMTP tests)";
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit();
        return probe.ExitCode == 0 ? null : "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)";
    }

    public static async Task<OAuth2SmtpServer> StartAsync(string expectedToken)
    {
        var port = FreePort();
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "xoauth2_smtp.py");
        var process = Process.Start(new ProcessStartInfo(Python, [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), expectedToken])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var server = new OAuth2SmtpServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!server._events.Any(e => e.GetProperty("event").GetString() == "ready"))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the XOAUTH2 SMTP server did not start: {await process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _reading;
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
