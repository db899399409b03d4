namespace Relance.Simulators.Pennylane;

/// <summary>A company customer held by the simulator.</summary>
public sealed class SimCustomer
{
    public long Id { get; init; }
    public required string Name { get; set; }
    public List<string> Emails { get; set; } = [];
    public string BillingLanguage { get; set; } = "fr_FR";
    public string CountryAlpha2 { get; set; } = "FR";
    public string City { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
