using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary><c>Relance:Connections:{name}:Law</c>: which late-payment law the reminders state.</summary>
public sealed class LawOptions
{
    /// <summary>France, UnitedKingdom or None (US). <value>The default value is France.</value></summary>
    public Jurisdiction Jurisdiction { get; set; } = Jurisdiction.France;

    /// <summary>Late-payment rate of the terms of sale, replacing the statutory one (France: at least 3 × the legal rate).</summary>
    public decimal? ContractRatePercent { get; set; }

    /// <summary>Customers are businesses (the fixed recovery compensation is B2B only). <value>The default value is true.</value></summary>
    public bool BusinessToBusiness { get; set; } = true;

    public LatePaymentTerms ToTerms() => new(Jurisdiction, ContractRatePercent, BusinessToBusiness);
}
