namespace Relance.Simulators.Pennylane;

/// <summary>An invoice held by the simulator. Mutable: tests and scheduled payments change it.</summary>
public sealed class SimInvoice
{
    public long Id { get; init; }
    public required string Number { get; set; }
    public long CustomerId { get; set; }
    public DateOnly Date { get; set; }
    public DateOnly Deadline { get; set; }
    public string Currency { get; set; } = "EUR";
    public decimal Total { get; set; }
    public decimal Remaining { get; set; }
    public bool Draft { get; set; }
    public bool CreditNote { get; set; }
    public bool Cancelled { get; set; }
    public string Language { get; set; } = "fr_FR";
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Raw override of remaining_amount_with_tax, to test bad input (e.g. "12,5O").</summary>
    public string? RawRemaining { get; set; }

    public bool Paid => !Draft && !CreditNote && !Cancelled && Remaining <= 0m;
}
