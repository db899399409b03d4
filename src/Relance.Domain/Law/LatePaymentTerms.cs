namespace Relance.Domain.Law;

/// <summary>A connection's late-payment settings.</summary>
/// <param name="ContractRatePercent">A rate agreed in the terms of sale, replacing the statutory one.</param>
/// <param name="BusinessToBusiness">The fixed recovery compensation is B2B only (forbidden towards consumers).</param>
public sealed record LatePaymentTerms(Jurisdiction Jurisdiction, decimal? ContractRatePercent = null, bool BusinessToBusiness = true);
