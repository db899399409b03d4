using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Relance.Testing;

/// <summary>A real SMTP server on loopback (SmtpServer library) that keeps every message it accepts.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    private readonly ConcurrentQueue<(string User, string Password)> _logins = new();
    private int _disposed;

    private SmtpTestServer(int port, bool plainAuthWithoutTls)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).Port(port).AllowUnsecureAuthentication(plainAuthWithoutTls).AuthenticationRequired(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        if (plainAuthWithoutTls)
        {
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, password) =>
            {
                _logins.Enqueue((user, password));
                return true;
            }));
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => _store.Messages.ToList();

    /// <summary>
    /// An answer to give instead of accepting a message (a greylisting 451, a 550 for an unknown mailbox), or null to
    /// accept it. Refused messages are not kept; <see cref="Refused"/> counts them.
    /// </summary>
    public Func<MimeMessage, SmtpResponse?>? Refuse
    {
        get => _store.Refuse;
        set => _store.Refuse = value;
    }

    public int Refused => _store.Refused;

    /// <summary>Logins the server received (only when started to offer AUTH without TLS, as a careless relay does).</summary>
    public IReadOnlyList<(string User, string Password)> Logins => _logins.ToList();

    /// <param name="plainAuthWithoutTls">Offer AUTH PLAIN/LOGIN on a connection without TLS, and record what arrives.</param>
    public static SmtpTestServer Start(bool plainAuthWithoutTls = false)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new SmtpTestServer(port, plainAuthWithoutTls);
    }

    /// <summary>A server on a given port: the same relay back after an outage.</summary>
    public static SmtpTestServer StartOn(int port) => new(port, plainAuthWithoutTls: false);

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may take the relay down mid-run and its owner dispose it again at the end.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        private int _refused;

        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public Func<MimeMessage, SmtpResponse?>? Refuse { get; set; }

        public int Refused => _refused;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (Refuse?.Invoke(message) is { } refusal)
            {
                Interlocked.Increment(ref _refused);
                return refusal;
            }

            Messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
