using Relance.Simulators.Pennylane;

namespace Relance.Connector.Host.Demo;

/// <summary>A simulated company of the demo and the connection that reaches it.</summary>
internal sealed record DemoCompany(string Connection, string SenderName, string SenderEmail, string Policy, PennylaneSimulatorOptions Simulator)
{
    public static IReadOnlyList<DemoCompany> All { get; } =
    [
        new("acme-pennylane", "ACME Conseil — comptabilité", "compta@acme-conseil.example", "default",
            new PennylaneSimulatorOptions { Tokens = ["demo-acme-token"], InvoiceCount = 40, Seed = 1, RateLimitPermits = 1000 }),
        new("bistrot-pennylane", "Le Bistrot Digital", "factures@bistrot-digital.example", "gentle",
            new PennylaneSimulatorOptions { Tokens = ["demo-bistrot-token"], InvoiceCount = 16, Seed = 2, RateLimitPermits = 1000 }),
    ];
}
