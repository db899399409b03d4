namespace Relance.Simulators.Pennylane;

/// <summary>How the Pennylane simulator behaves and what it holds.</summary>
public sealed class PennylaneSimulatorOptions
{
    /// <summary>Accepted bearer tokens (each with its own rate-limit budget, as on Pennylane).</summary>
    public IList<string> Tokens { get; init; } = ["sim-pennylane-token"];

    /// <summary>Tokens that may read but not write (answer 403 on comments and sends, like a missing scope).</summary>
    public IList<string> ReadOnlyTokens { get; init; } = [];

    /// <summary>Documented: 25 requests per 5 seconds per token.</summary>
    public int RateLimitPermits { get; init; } = 25;

    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Number of invoices seeded (10 to 100 000).</summary>
    public int InvoiceCount { get; init; } = 40;

    /// <summary>Fixed seed: the same options give the same data.</summary>
    public int Seed { get; init; } = 20260101;

    /// <summary>How far back the changelogs go (documented: 4 weeks); an older start_date answers 422.</summary>
    public TimeSpan ChangelogRetention { get; init; } = TimeSpan.FromDays(28);

    /// <summary>Cursors are short-lived on Pennylane; an older one answers 400.</summary>
    public TimeSpan CursorLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of seeded open invoices that get paid (fully or partly) at a scheduled date in the next 60 days.</summary>
    public double ScheduledPaymentShare { get; init; } = 0.3;

    /// <summary>Artificial latency per API call (a WAN), for benchmarks.</summary>
    public TimeSpan Latency { get; init; }
}
