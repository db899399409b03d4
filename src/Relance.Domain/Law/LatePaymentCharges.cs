using Relance.Connectors;

namespace Relance.Domain.Law;

/// <summary>What a late payer owes on top of the invoice, with its basis. Amounts are unrounded: round at presentation.</summary>
public sealed record LatePaymentCharges(
    Money Interest,
    Money FixedCompensation,
    IReadOnlyList<InterestPeriod> Periods,
    int DaysLate,
    string LegalBasis,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Why the figures cannot be stated as fact (a rate not confirmed in the table, a period it does not cover): a
    /// letter stating them waits for a person's approval instead of being sent.
    /// </summary>
    public IReadOnlyList<string> Unconfirmed { get; init; } = [];

    /// <summary>Anything owed on top: interest (in the invoice's currency) or the fixed sum (in its own: EUR, GBP).</summary>
    public bool IsPositive => Interest.IsPositive || FixedCompensation.IsPositive;

    /// <summary>What one more day of delay adds: the last stretch's balance at its annual rate, over 365 days.</summary>
    public decimal DailyInterest => Periods.Count > 0 && Periods[^1] is { Principal: > 0m } last
        ? last.Principal * last.AnnualRatePercent / 100m / 365m
        : 0m;

    public static LatePaymentCharges None(string currency, int daysLate, string basis) =>
        new(Money.Zero(currency), Money.Zero(currency), [], daysLate, basis, []);
}
