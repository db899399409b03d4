using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary><c>Relance:Connections:{name}:Law</c>: which late-payment law the reminders state.</summary>
public sealed class LawOptions
{
    /// <summary>
    /// France, UnitedKingdom or None. When not set, the connection's <c>Country</c> decides (FR → France, GB →
    /// UnitedKingdom, any other → None); with neither, None: no statutory interest nor indemnity is ever claimed on a
    /// guess.
    /// </summary>
    public Jurisdiction? Jurisdiction { get; set; }

    /// <summary>Late-payment rate of the terms of sale, replacing the statutory one (France: at least 3 × the legal rate).</summary>
    public decimal? ContractRatePercent { get; set; }

    /// <summary>Customers are businesses (the fixed recovery compensation is B2B only). <value>The default value is true.</value></summary>
    public bool BusinessToBusiness { get; set; } = true;

    public LatePaymentTerms ToTerms(Jurisdiction jurisdiction) => new(jurisdiction, ContractRatePercent, BusinessToBusiness);
}
