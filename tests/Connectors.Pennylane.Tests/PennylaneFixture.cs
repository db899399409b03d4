using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Simulators.Pennylane;

namespace Relance.Connectors.Pennylane.Tests;

/// <summary>A simulator on loopback and connectors built exactly as the host builds them (DI, resilience, limiter).</summary>
public sealed class PennylaneFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PennylaneFixture(PennylaneSimulator simulator, FakeTimeProvider clock, ServiceProvider services)
    {
        Simulator = simulator;
        Clock = clock;
        _services = services;
    }

    public PennylaneSimulator Simulator { get; }

    public FakeTimeProvider Clock { get; }

    public IConnectorFactory Factory => _services.GetServices<IConnectorFactory>().Single();

    /// <param name="resilience">Tightens the host's resilience settings (timeouts, breaker) so that a test sees them act in seconds.</param>
    public static async Task<PennylaneFixture> StartAsync(PennylaneSimulatorOptions? options = null, bool seed = true, Action<Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>? resilience = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var simulator = await PennylaneSimulator.StartAsync(options ?? new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, clock, seed);
        var services = new ServiceCollection().AddLogging().AddPennylaneConnector(resilience).BuildServiceProvider();
        return new PennylaneFixture(simulator, clock, services);
    }

    public IInvoiceConnector Connector(IDictionary<string, string?>? settings = null) => Factory.Create(Context(settings));

    public ConnectionContext Context(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Settings:BaseAddress"] = Simulator.BaseAddress.ToString(),
            ["Settings:Token"] = Simulator.Token,
            ["Settings:RateLimitPermits"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Settings:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ConnectionContext("test", configuration.GetSection("Settings"), Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await _services.DisposeAsync();
    }
}
