using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Simulators.Axonaut;

namespace Relance.Connectors.Axonaut.Tests;

/// <summary>An Axonaut simulator on loopback and connectors built as the host builds them.</summary>
public sealed class AxonautFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AxonautFixture(AxonautSimulator simulator, FakeTimeProvider clock, ServiceProvider services)
    {
        Simulator = simulator;
        Clock = clock;
        _services = services;
    }

    public AxonautSimulator Simulator { get; }

    public FakeTimeProvider Clock { get; }

    public IConnectorFactory Factory => _services.GetServices<IConnectorFactory>().Single();

    public static async Task<AxonautFixture> StartAsync(AxonautSimulatorOptions? options = null)
    {
        // 10:00 in Paris, a weekday.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var simulator = await AxonautSimulator.StartAsync(options ?? new AxonautSimulatorOptions(), clock);
        var services = new ServiceCollection().AddLogging().AddAxonautConnector().BuildServiceProvider();
        return new AxonautFixture(simulator, clock, services);
    }

    public IInvoiceConnector Connector(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Settings:BaseAddress"] = Simulator.BaseAddress.ToString(),
            ["Settings:ApiKey"] = Simulator.ApiKey,
            ["Settings:RequestsPerSecond"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Settings:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return Factory.Create(new ConnectionContext("axo", configuration.GetSection("Settings"), Clock));
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await _services.DisposeAsync();
    }
}
