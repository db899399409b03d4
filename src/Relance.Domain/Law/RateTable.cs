namespace Relance.Domain.Law;

/// <summary>
/// The dated rates late-payment law refers to. They change every half-year, so they are data (shipped as a JSON file
/// an admin can update), never constants in code.
/// </summary>
/// <param name="EcbMainRefinancing">ECB main refinancing operations rate, by effective date.</param>
/// <param name="FrenchLegalInterestProfessional">French taux de l'intérêt légal for professional creditors, by half-year start.</param>
/// <param name="BankOfEnglandBase">Bank of England Bank Rate, by effective date.</param>
/// <param name="VerifiedThrough">The last day every series is known to be complete, unless a series says otherwise.</param>
/// <param name="EcbConfirmedThrough">The last day no ECB change is missing from the table.</param>
/// <param name="FrenchLegalConfirmedThrough">The last day no French legal-rate change is missing from the table.</param>
/// <param name="BankOfEnglandConfirmedThrough">The last day no Bank Rate change is missing from the table.</param>
public sealed record RateTable(
    IReadOnlyList<ReferenceRate> EcbMainRefinancing,
    IReadOnlyList<ReferenceRate> FrenchLegalInterestProfessional,
    IReadOnlyList<ReferenceRate> BankOfEnglandBase,
    DateOnly? VerifiedThrough = null,
    DateOnly? EcbConfirmedThrough = null,
    DateOnly? FrenchLegalConfirmedThrough = null,
    DateOnly? BankOfEnglandConfirmedThrough = null)
{
    /// <summary>The rate in force on <paramref name="date"/>, or null when the table does not reach back that far.</summary>
    public static ReferenceRate? InForce(IReadOnlyList<ReferenceRate> rates, DateOnly date) =>
        rates.Where(r => r.From <= date).MaxBy(r => r.From);

    /// <summary>The latest date each series covers, to warn when the table needs an update.</summary>
    public DateOnly LatestEntry => new[] { EcbMainRefinancing, FrenchLegalInterestProfessional, BankOfEnglandBase }
        .SelectMany(r => r).Select(r => r.From).DefaultIfEmpty(DateOnly.MinValue).Max();

    /// <summary>The series a statutory rate rests on, with the date through which it is known complete.</summary>
    public (IReadOnlyList<ReferenceRate> Rates, DateOnly? ConfirmedThrough, string Name) Series(RateSeries series) => series switch
    {
        RateSeries.Ecb => (EcbMainRefinancing, EcbConfirmedThrough ?? VerifiedThrough, "ECB main refinancing rate"),
        RateSeries.FrenchLegal => (FrenchLegalInterestProfessional, FrenchLegalConfirmedThrough ?? VerifiedThrough, "French legal interest rate"),
        _ => (BankOfEnglandBase, BankOfEnglandConfirmedThrough ?? VerifiedThrough, "Bank of England Bank Rate"),
    };

    /// <summary>
    /// The rate of <paramref name="series"/> on <paramref name="date"/>, and why it cannot be stated as fact: the table
    /// does not reach back that far, the entry is not confirmed, or a change after the confirmed date may be missing.
    /// </summary>
    public (ReferenceRate? Rate, string? Unconfirmed) Lookup(RateSeries series, DateOnly date)
    {
        var (rates, confirmedThrough, name) = Series(series);
        var rate = InForce(rates, date);
        var reason = rate switch
        {
            null => $"the rate table has no {name} for {date:yyyy-MM-dd} (it starts {rates.Select(r => r.From).DefaultIfEmpty().Min():yyyy-MM-dd})",
            { Confirmed: false } => $"the {name} of {rate.Percent:0.00} % from {rate.From:yyyy-MM-dd} is not confirmed in the rate table ({rate.Source ?? "no source"})",
            _ when confirmedThrough is { } through && date > through => $"the {name} on {date:yyyy-MM-dd} is not confirmed: the rate table is confirmed through {through:yyyy-MM-dd}",
            _ => null,
        };
        return (rate, reason);
    }
}

/// <summary>The reference rates the law refers to.</summary>
public enum RateSeries
{
    Ecb,
    FrenchLegal,
    BankOfEngland,
}
