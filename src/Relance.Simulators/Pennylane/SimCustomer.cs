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

    public string Street { get; set; } = "1 rue de la Paix";

    public string PostalCode { get; set; } = "75002";

    /// <summary>A private person (Pennylane's "individual customer"): first and last name, no registration number.</summary>
    public bool Individual { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>The contact person of a company customer.</summary>
    public string? Recipient { get; set; }

    /// <summary>SIREN/SIRET of a company customer.</summary>
    public string? RegNo { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
