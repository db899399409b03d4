using Microsoft.Extensions.Time.Testing;
using Relance.Simulators.Pennylane;

namespace Relance.Testing;

/// <summary>
/// Everything one invoice needs to travel the road in a test: a folder, business time, a real SMTP server, a
/// Pennylane simulator and the settings that connect them ("acme").
/// </summary>
public sealed record Road(TempDirectory Directory, FakeTimeProvider Clock, SmtpTestServer Smtp, PennylaneSimulator Pennylane) : IAsyncDisposable
{
    public Dictionary<string, string?> Settings { get; } = Testing.Settings.Merge(RelanceTestHost.PennylaneConnection("acme", Pennylane), RelanceTestHost.Smtp(Smtp));

    /// <summary>Seeded French data.</summary>
    public static async Task<Road> SeededAsync(DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000, ScheduledPaymentShare = 0 }, clock);
        return new Road(new TempDirectory(), clock, SmtpTestServer.Start(), pennylane);
    }

    /// <summary>One customer (601) and one invoice (7001, 1 200 EUR) due <paramref name="dueDaysAgo"/> days ago.</summary>
    public static async Task<Road> OneInvoiceAsync(DateTimeOffset now, int dueDaysAgo)
    {
        var clock = new FakeTimeProvider(now);
        var pennylane = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo);
        return new Road(new TempDirectory(), clock, SmtpTestServer.Start(), pennylane);
    }

    public Task<RelanceTestHost> StartHostAsync() => RelanceTestHost.StartAsync(Directory.Path, Settings, Clock);

    public async ValueTask DisposeAsync()
    {
        await Pennylane.DisposeAsync();
        await Smtp.DisposeAsync();
        Directory.Dispose();
    }
}
