namespace Relance.Domain.Law;

/// <summary>One stretch of a late period at one annual rate: the basis printed in a formal notice.</summary>
/// <param name="RateBasis">The basis in words (English), for logs; presentation formats the fields below.</param>
/// <param name="Reference">What the rate rests on: "ecb", "boe" or "contract".</param>
/// <param name="ReferenceDate">The date the reference rate was read (1 January / 1 July, 31 December / 30 June).</param>
/// <param name="ReferencePercent">The reference rate on that date.</param>
/// <param name="Points">Points added by law (10 in France, 8 in the UK).</param>
/// <param name="Principal">The balance the interest of this stretch runs on (it falls after each part-payment).</param>
public sealed record InterestPeriod(
    DateOnly From,
    DateOnly To,
    int Days,
    decimal AnnualRatePercent,
    decimal Interest,
    string RateBasis,
    string Reference = "contract",
    DateOnly? ReferenceDate = null,
    decimal? ReferencePercent = null,
    decimal Points = 0m,
    decimal Principal = 0m);
