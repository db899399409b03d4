using Relance.Simulators.Pennylane;

namespace Relance.Testing;

/// <summary>Small hand-made data sets, when seeded random data would hide what a test pins.</summary>
public static class SimulatorScenarios
{
    /// <summary>A Pennylane company with one customer (601, Dupont SARL) and one open invoice 7001 of 1 200 EUR.</summary>
    public static async Task<PennylaneSimulator> PennylaneWithOneInvoiceAsync(TimeProvider clock, int dueDaysAgo)
    {
        var simulator = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, clock, seed: false);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        simulator.Store.AddCustomer(new SimCustomer { Id = 601, Name = "Dupont SARL", Emails = ["compta@dupont.example"] }, clock.GetUtcNow().AddDays(-100));
        simulator.Store.AddInvoice(
            new SimInvoice { Id = 7001, Number = "F-2026-7001", CustomerId = 601, Date = today.AddDays(-dueDaysAgo - 30), Deadline = today.AddDays(-dueDaysAgo), Total = 1200m, Remaining = 1200m },
            clock.GetUtcNow().AddDays(-dueDaysAgo - 30));
        return simulator;
    }
}
