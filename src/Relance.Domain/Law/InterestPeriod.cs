namespace Relance.Domain.Law;

/// <summary>One stretch of a late period at one annual rate: the basis printed in a formal notice.</summary>
public sealed record InterestPeriod(DateOnly From, DateOnly To, int Days, decimal AnnualRatePercent, decimal Interest, string RateBasis);
