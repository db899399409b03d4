using System.Globalization;
using Relance.Connectors;

namespace Relance.Domain.Law;

/// <summary>
/// Late-payment interest and fixed compensation (shared/legal/late-payment-rules.md).
/// France (L441-10, D441-5): interest from the day after the due date at the ECB main refinancing rate of the
/// half-year (rate in force on 1 January / 1 July) + 10 points, or the contract rate; simple interest, 365-day year;
/// a late period spanning 1 January or 1 July switches rate (our reading of "the rate applicable during the
/// half-year"); €40 per late B2B invoice.
/// UK (1998 Act): Bank of England base rate + 8 points, the reference rate (31 Dec / 30 Jun) of the half-year in which
/// the debt became overdue, fixed for that debt; £40 / £70 / £100 by size of debt.
/// </summary>
public static class LatePaymentLaw
{
    private const decimal DaysPerYear = 365m;

    public static LatePaymentCharges Compute(Money amountDue, DateOnly dueDate, DateOnly asOf, LatePaymentTerms terms, RateTable rates)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(rates);
        var daysLate = Math.Max(0, asOf.DayNumber - dueDate.DayNumber);
        if (daysLate == 0 || !amountDue.IsPositive)
        {
            return LatePaymentCharges.None(amountDue.Currency, daysLate, "not late");
        }

        if (!terms.BusinessToBusiness && terms.Jurisdiction is Jurisdiction.France or Jurisdiction.UnitedKingdom && terms.ContractRatePercent is null)
        {
            // L441-10 and D441-5 (L111-8 C. consom. forbids the €40 towards consumers), like the UK Act, apply between
            // businesses only. A private debtor owes legal interest from the formal notice (C. civ. 1231-6, 1344-1),
            // which the notice states rather than claims as an accrued sum.
            return LatePaymentCharges.None(amountDue.Currency, daysLate, terms.Jurisdiction == Jurisdiction.France
                ? "private debtor: no L441-10 penalties nor €40 indemnity; legal interest runs from the formal notice (Code civil 1231-6, 1344-1)"
                : "private debtor: the Late Payment of Commercial Debts (Interest) Act 1998 does not apply");
        }

        return terms.Jurisdiction switch
        {
            Jurisdiction.France => France(amountDue, dueDate, asOf, daysLate, terms, rates),
            Jurisdiction.UnitedKingdom => UnitedKingdom(amountDue, dueDate, asOf, daysLate, terms, rates),
            _ when terms.ContractRatePercent is { } contract =>
                Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", Money.Zero(amountDue.Currency), "contractual late-payment interest", []),
            _ => LatePaymentCharges.None(amountDue.Currency, daysLate, "no statutory late-payment interest"),
        };
    }

    /// <summary>The French statutory rate of the half-year containing <paramref name="date"/>: ECB MRO on 1 Jan / 1 Jul + 10.</summary>
    public static (decimal Percent, string Basis, DateOnly Reference, decimal EcbPercent)? FrenchStatutoryRate(DateOnly date, RateTable rates)
    {
        var reference = HalfYearStart(date);
        return RateTable.InForce(rates.EcbMainRefinancing, reference) is { } ecb
            ? (ecb.Percent + 10m, string.Create(CultureInfo.InvariantCulture, $"ECB main refinancing rate on {reference:yyyy-MM-dd} ({ecb.Percent:0.00} %) + 10 points"), reference, ecb.Percent)
            : null;
    }

    /// <summary>3 × the French legal interest rate of the half-year: the floor of any contractual rate.</summary>
    public static decimal? FrenchContractFloor(DateOnly date, RateTable rates) =>
        RateTable.InForce(rates.FrenchLegalInterestProfessional, HalfYearStart(date)) is { } legal ? legal.Percent * 3m : null;

    private static LatePaymentCharges France(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, LatePaymentTerms terms, RateTable rates)
    {
        // D441-5's €40 is in euros whatever the invoice's currency: stated as such, never converted at a guessed rate.
        var compensation = terms.BusinessToBusiness ? new Money(40m, "EUR") : Money.Zero("EUR");

        var warnings = new List<string>();
        if (terms.ContractRatePercent is { } contract)
        {
            if (FrenchContractFloor(dueDate, rates) is { } floor && contract < floor)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"contract rate {contract:0.00} % is below 3 × the legal interest rate ({floor:0.00} %), the minimum of L441-10"));
            }

            return Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", compensation, "Code de commerce L441-10 (contract rate) and D441-5", warnings);
        }

        var periods = new List<InterestPeriod>();
        var from = dueDate.AddDays(1);
        while (from <= asOf)
        {
            var halfYearEnd = HalfYearStart(from).AddMonths(6).AddDays(-1);
            var to = halfYearEnd < asOf ? halfYearEnd : asOf;
            if (FrenchStatutoryRate(from, rates) is not { } rate)
            {
                warnings.Add($"no ECB rate in the table for {HalfYearStart(from):yyyy-MM-dd}: interest not computed before that date is known");
                from = to.AddDays(1);
                continue;
            }

            var days = to.DayNumber - from.DayNumber + 1;
            periods.Add(new InterestPeriod(from, to, days, rate.Percent, amountDue.Amount * rate.Percent / 100m * days / DaysPerYear, rate.Basis, "ecb", rate.Reference, rate.EcbPercent, 10m));
            if (rates.VerifiedThrough is { } verified && rate.Reference > verified)
            {
                warnings.Add($"the ECB rate for the half-year starting {rate.Reference:yyyy-MM-dd} is not confirmed in the rate table (verified through {verified:yyyy-MM-dd}): update late-payment-rates.json");
            }
            from = to.AddDays(1);
        }

        return new LatePaymentCharges(
            new Money(periods.Sum(p => p.Interest), amountDue.Currency),
            compensation,
            periods,
            daysLate,
            "Code de commerce L441-10 (ECB rate + 10 points) and D441-5 (€40 recovery indemnity)",
            warnings);
    }

    private static LatePaymentCharges UnitedKingdom(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, LatePaymentTerms terms, RateTable rates)
    {
        // Fixed sums by size of the debt (s.5A), in sterling.
        var fixedSum = amountDue.Amount switch { < 1_000m => 40m, < 10_000m => 70m, _ => 100m };
        // The Act's sums are in sterling. A debt in another currency cannot be placed in a band without a rate we do
        // not have: it is claimed at the lowest band, £40, stated in pounds.
        var compensation = !terms.BusinessToBusiness ? Money.Zero("GBP") : new Money(amountDue.Currency == "GBP" ? fixedSum : 40m, "GBP");
        if (terms.ContractRatePercent is { } contract)
        {
            return Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", compensation, "contract rate (substantial remedy) and Late Payment Act s.5A fixed sum", []);
        }

        // Reference date: 31 December for debts overdue in January-June, 30 June for July-December.
        var overdue = dueDate.AddDays(1);
        var reference = overdue.Month <= 6 ? new DateOnly(overdue.Year - 1, 12, 31) : new DateOnly(overdue.Year, 6, 30);
        if (RateTable.InForce(rates.BankOfEnglandBase, reference) is not { } bankRate)
        {
            return LatePaymentCharges.None(amountDue.Currency, daysLate, $"no Bank of England rate in the table for {reference:yyyy-MM-dd}") with { FixedCompensation = compensation };
        }

        var percent = bankRate.Percent + 8m;
        var charges = Single(amountDue, dueDate, asOf, daysLate, percent,
            string.Create(CultureInfo.InvariantCulture, $"Bank of England base rate on {reference:yyyy-MM-dd} ({bankRate.Percent:0.00} %) + 8 points"),
            compensation, "Late Payment of Commercial Debts (Interest) Act 1998", rates.VerifiedThrough is { } verified && reference > verified
                ? [$"the Bank of England rate on {reference:yyyy-MM-dd} is not confirmed in the rate table (verified through {verified:yyyy-MM-dd})"]
                : []);
        return charges with { Periods = [charges.Periods[0] with { Reference = "boe", ReferenceDate = reference, ReferencePercent = bankRate.Percent, Points = 8m }] };
    }

    private static LatePaymentCharges Single(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, decimal percent, string basis, Money compensation, string legalBasis, IReadOnlyList<string> warnings)
    {
        var interest = amountDue.Amount * percent / 100m * daysLate / DaysPerYear;
        return new LatePaymentCharges(
            new Money(interest, amountDue.Currency),
            compensation,
            [new InterestPeriod(dueDate.AddDays(1), asOf, daysLate, percent, interest, basis)],
            daysLate,
            legalBasis,
            warnings);
    }

    private static DateOnly HalfYearStart(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 7, 1);
}
