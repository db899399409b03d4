namespace Relance.Domain.Law;

/// <summary>
/// The dated rates late-payment law refers to. They change every half-year, so they are data (shipped as a JSON file
/// an admin can update), never constants in code.
/// </summary>
/// <param name="EcbMainRefinancing">ECB main refinancing operations rate, by effective date.</param>
/// <param name="FrenchLegalInterestProfessional">French taux de l'intérêt légal for professional creditors, by half-year start.</param>
/// <param name="BankOfEnglandBase">Bank of England Bank Rate, by effective date.</param>
/// <param name="VerifiedThrough">The last day the table is known to be complete; later reference dates are flagged.</param>
public sealed record RateTable(
    IReadOnlyList<ReferenceRate> EcbMainRefinancing,
    IReadOnlyList<ReferenceRate> FrenchLegalInterestProfessional,
    IReadOnlyList<ReferenceRate> BankOfEnglandBase,
    DateOnly? VerifiedThrough = null)
{
    /// <summary>The rate in force on <paramref name="date"/>, or null when the table does not reach back that far.</summary>
    public static ReferenceRate? InForce(IReadOnlyList<ReferenceRate> rates, DateOnly date) =>
        rates.Where(r => r.From <= date).MaxBy(r => r.From);

    /// <summary>The latest date each series covers, to warn when the table needs an update.</summary>
    public DateOnly LatestEntry => new[] { EcbMainRefinancing, FrenchLegalInterestProfessional, BankOfEnglandBase }
        .SelectMany(r => r).Select(r => r.From).DefaultIfEmpty(DateOnly.MinValue).Max();
}
