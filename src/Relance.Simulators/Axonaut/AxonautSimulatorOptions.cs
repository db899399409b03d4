namespace Relance.Simulators.Axonaut;

/// <summary>How the Axonaut simulator behaves and what it holds.</summary>
public sealed class AxonautSimulatorOptions
{
    /// <summary>Accepted <c>userApiKey</c> values.</summary>
    public IList<string> ApiKeys { get; init; } = ["sim-axonaut-key"];

    /// <summary>Items per page (not published by Axonaut; ~50 reported).</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Requests allowed per simulated day and key before 429 (undocumented daily quota). 0: unlimited.</summary>
    public int DailyQuota { get; init; }

    /// <summary>Retry-After seconds sent with a 429, or null to send none.</summary>
    public int? QuotaRetryAfterSeconds { get; init; }

    /// <summary>Past the last page, answer the last page again instead of [] (a quirk clients must survive).</summary>
    public bool RepeatLastPage { get; init; }

    /// <summary>The roles /me lists for the key's user.</summary>
    public IList<string> Roles { get; init; } = ["ROLE_MANAGER"];

    public int InvoiceCount { get; init; } = 30;

    public int Seed { get; init; } = 7;

    /// <summary>Share of open invoices paid at a scheduled date in the next 60 days.</summary>
    public double ScheduledPaymentShare { get; init; } = 0.3;

    /// <summary>Artificial latency per API call (a WAN), for benchmarks.</summary>
    public TimeSpan Latency { get; init; }
}
