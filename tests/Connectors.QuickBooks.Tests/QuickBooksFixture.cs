using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Engine.Credentials;
using Relance.Simulators.QuickBooks;
using Relance.Testing;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>
/// A QuickBooks simulator on loopback, a real credential file, and connectors built as the host builds them.
/// <see cref="Restart"/> drops every in-memory token, as a process restart would.
/// </summary>
public sealed class QuickBooksFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private ServiceProvider _services;

    private QuickBooksFixture(QuickBooksSimulator simulator, FakeTimeProvider clock)
    {
        Simulator = simulator;
        Clock = clock;
        _services = NewServices();
        Credentials = new FileCredentialStore(_directory.File("credentials.json"));
        (_, InitialRefreshToken) = simulator.OAuth.IssueInitialTokens();
    }

    public QuickBooksSimulator Simulator { get; }

    public FakeTimeProvider Clock { get; }

    public FileCredentialStore Credentials { get; private set; }

    /// <summary>The refresh token an admin put in appsettings (as if obtained once by hand).</summary>
    public string InitialRefreshToken { get; }

    public IConnectorFactory Factory => _services.GetServices<IConnectorFactory>().Single();

    public IWebhookReceiver Receiver => _services.GetServices<IWebhookReceiver>().Single();

    public static async Task<QuickBooksFixture> StartAsync(QuickBooksSimulatorOptions? options = null)
    {
        // 09:00 in London, a Tuesday.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var simulator = await QuickBooksSimulator.StartAsync(options ?? new QuickBooksSimulatorOptions(), clock);
        return new QuickBooksFixture(simulator, clock);
    }

    public ConnectionContext Context(IDictionary<string, string?>? settings = null, string name = "qbo")
    {
        var values = new Dictionary<string, string?>
        {
            ["Settings:RealmId"] = Simulator.RealmId,
            ["Settings:BaseAddress"] = Simulator.Root.ToString(),
            ["Settings:TokenEndpoint"] = Simulator.TokenEndpoint.ToString(),
            ["Settings:AuthorizationEndpoint"] = Simulator.AuthorizeEndpoint.ToString(),
            ["Settings:ClientId"] = Simulator.Options.ClientId,
            ["Settings:ClientSecret"] = Simulator.Options.ClientSecret,
            ["Settings:RefreshToken"] = InitialRefreshToken,
            ["Settings:WebhookVerifierToken"] = Simulator.Options.WebhookVerifierToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Settings:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ConnectionContext(name, configuration.GetSection("Settings"), Clock, Credentials);
    }

    public IInvoiceConnector Connector(IDictionary<string, string?>? settings = null, string name = "qbo") => Factory.Create(Context(settings, name));

    /// <summary>A connector as another process on the machine builds it (a CLI command beside the worker).</summary>
    public IInvoiceConnector ConnectorInAnotherProcess()
    {
        var other = NewServices();
        _others.Add(other);
        var context = Context() with { Credentials = new FileCredentialStore(Credentials.Path) };
        return other.GetServices<IConnectorFactory>().Single().Create(context);
    }

    private readonly List<ServiceProvider> _others = [];

    /// <summary>A new process: nothing in memory, the same credential file.</summary>
    public async Task Restart()
    {
        await _services.DisposeAsync();
        _services = NewServices();
        Credentials = new FileCredentialStore(Credentials.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await _services.DisposeAsync();
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>The token keeper of the current "process" (replaced by <see cref="Restart"/>).</summary>
    internal Internal.QuickBooksTokens Tokens => _services.GetRequiredService<Internal.QuickBooksTokens>();

    /// <summary>Log lines of the connectors (to wait for what the client has seen, not for a time).</summary>
    public IReadOnlyList<string> Logs => _logs.Lines;

    private readonly CapturingLoggerProvider _logs = new();

    private ServiceProvider NewServices() => new ServiceCollection().AddLogging(l => l.AddProvider(_logs)).AddQuickBooksConnector().BuildServiceProvider();

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => _lines.ToList();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => _lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
