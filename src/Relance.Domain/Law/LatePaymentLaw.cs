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
/// Part-payments: interest runs on each day's balance, the day of a payment still at the balance before it (a payment
/// is credited at the end of its day); a payment the platform does not date cannot be placed, so interest then runs on
/// today's balance only, which can claim too little, never too much.
/// </summary>
public static class LatePaymentLaw
{
    private const decimal DaysPerYear = 365m;

    /// <param name="payments">The invoice's dated payments, when the platform gives them; those made after the due date raise the earlier balances.</param>
    public static LatePaymentCharges Compute(Money amountDue, DateOnly dueDate, DateOnly asOf, LatePaymentTerms terms, RateTable rates, IReadOnlyList<InvoicePayment>? payments = null)
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
            Jurisdiction.France => France(amountDue, dueDate, asOf, daysLate, terms, rates, payments),
            Jurisdiction.UnitedKingdom => UnitedKingdom(amountDue, dueDate, asOf, daysLate, terms, rates, payments),
            _ when terms.ContractRatePercent is { } contract =>
                Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", Money.Zero(amountDue.Currency), "contractual late-payment interest", [], payments),
            _ => LatePaymentCharges.None(amountDue.Currency, daysLate, "no statutory late-payment interest"),
        };
    }

    /// <summary>The French statutory rate of the half-year containing <paramref name="date"/>: ECB MRO on 1 Jan / 1 Jul + 10.</summary>
    public static (decimal Percent, string Basis, DateOnly Reference, decimal EcbPercent)? FrenchStatutoryRate(DateOnly date, RateTable rates) =>
        FrenchStatutoryRateChecked(date, rates).Rate;

    private static ((decimal Percent, string Basis, DateOnly Reference, decimal EcbPercent)? Rate, string? Unconfirmed) FrenchStatutoryRateChecked(DateOnly date, RateTable rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var reference = HalfYearStart(date);
        var (ecb, unconfirmed) = rates.Lookup(RateSeries.Ecb, reference);
        return (ecb is null ? null : (ecb.Percent + 10m, string.Create(CultureInfo.InvariantCulture, $"ECB main refinancing rate on {reference:yyyy-MM-dd} ({ecb.Percent:0.00} %) + 10 points"), reference, ecb.Percent), unconfirmed);
    }

    /// <summary>3 × the French legal interest rate of the half-year: the floor of any contractual rate.</summary>
    public static decimal? FrenchContractFloor(DateOnly date, RateTable rates) =>
        RateTable.InForce(rates.FrenchLegalInterestProfessional, HalfYearStart(date)) is { } legal ? legal.Percent * 3m : null;

    /// <summary>
    /// The late period cut where the balance changes: each stretch with the balance of its days. Payments made after
    /// the due date are added back to the balance until (and including) the day they were made.
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To, decimal Balance)> Balances(decimal amountDue, DateOnly dueDate, DateOnly asOf, IReadOnlyList<InvoicePayment>? payments)
    {
        var late = (payments ?? []).Where(p => p.Amount > 0m && p.Date > dueDate && p.Date <= asOf).GroupBy(p => p.Date).OrderBy(g => g.Key).ToList();
        var balance = amountDue + late.Sum(g => g.Sum(p => p.Amount));
        var from = dueDate.AddDays(1);
        var stretches = new List<(DateOnly, DateOnly, decimal)>();
        foreach (var day in late)
        {
            stretches.Add((from, day.Key, balance));
            balance -= day.Sum(p => p.Amount);
            from = day.Key.AddDays(1);
        }

        if (from <= asOf)
        {
            stretches.Add((from, asOf, balance));
        }

        return stretches;
    }

    private static LatePaymentCharges France(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, LatePaymentTerms terms, RateTable rates, IReadOnlyList<InvoicePayment>? payments)
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

            return Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", compensation, "Code de commerce L441-10 (contract rate) and D441-5", warnings, payments);
        }

        var periods = new List<InterestPeriod>();
        var unconfirmed = new List<string>();
        foreach (var (start, end, balance) in Balances(amountDue.Amount, dueDate, asOf, payments))
        {
            // Within a stretch of one balance, the rate switches on 1 January and 1 July.
            var from = start;
            while (from <= end)
            {
                var halfYearEnd = HalfYearStart(from).AddMonths(6).AddDays(-1);
                var to = halfYearEnd < end ? halfYearEnd : end;
                var (rate, doubt) = FrenchStatutoryRateChecked(from, rates);
                if (doubt is not null && !unconfirmed.Contains(doubt))
                {
                    unconfirmed.Add(doubt);
                }

                if (rate is { } known)
                {
                    var days = to.DayNumber - from.DayNumber + 1;
                    periods.Add(new InterestPeriod(from, to, days, known.Percent, balance * known.Percent / 100m * days / DaysPerYear, known.Basis, "ecb", known.Reference, known.EcbPercent, 10m, balance));
                }

                from = to.AddDays(1);
            }
        }

        return new LatePaymentCharges(
            new Money(periods.Sum(p => p.Interest), amountDue.Currency),
            compensation,
            periods,
            daysLate,
            "Code de commerce L441-10 (ECB rate + 10 points) and D441-5 (€40 recovery indemnity)",
            warnings) { Unconfirmed = unconfirmed };
    }

    private static LatePaymentCharges UnitedKingdom(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, LatePaymentTerms terms, RateTable rates, IReadOnlyList<InvoicePayment>? payments)
    {
        // Fixed sums by size of the debt (s.5A), in sterling.
        var fixedSum = amountDue.Amount switch { < 1_000m => 40m, < 10_000m => 70m, _ => 100m };
        // The Act's sums are in sterling. A debt in another currency cannot be placed in a band without a rate we do
        // not have: it is claimed at the lowest band, £40, stated in pounds.
        var compensation = !terms.BusinessToBusiness ? Money.Zero("GBP") : new Money(amountDue.Currency == "GBP" ? fixedSum : 40m, "GBP");
        if (terms.ContractRatePercent is { } contract)
        {
            return Single(amountDue, dueDate, asOf, daysLate, contract, "contract rate", compensation, "contract rate (substantial remedy) and Late Payment Act s.5A fixed sum", [], payments);
        }

        // Reference date: 31 December for debts overdue in January-June, 30 June for July-December.
        var overdue = dueDate.AddDays(1);
        var reference = overdue.Month <= 6 ? new DateOnly(overdue.Year - 1, 12, 31) : new DateOnly(overdue.Year, 6, 30);
        var (bankRate, doubt) = rates.Lookup(RateSeries.BankOfEngland, reference);
        if (bankRate is null)
        {
            return LatePaymentCharges.None(amountDue.Currency, daysLate, $"no Bank of England rate in the table for {reference:yyyy-MM-dd}") with { FixedCompensation = compensation, Unconfirmed = [doubt!] };
        }

        var percent = bankRate.Percent + 8m;
        var charges = Single(amountDue, dueDate, asOf, daysLate, percent,
            string.Create(CultureInfo.InvariantCulture, $"Bank of England base rate on {reference:yyyy-MM-dd} ({bankRate.Percent:0.00} %) + 8 points"),
            compensation, "Late Payment of Commercial Debts (Interest) Act 1998", [], payments) with { Unconfirmed = doubt is null ? [] : [doubt] };
        return charges with { Periods = [.. charges.Periods.Select(p => p with { Reference = "boe", ReferenceDate = reference, ReferencePercent = bankRate.Percent, Points = 8m })] };
    }

    // One rate for the whole late period (a contract rate, the UK's fixed reference rate), stretch by stretch of balance.
    private static LatePaymentCharges Single(Money amountDue, DateOnly dueDate, DateOnly asOf, int daysLate, decimal percent, string basis, Money compensation, string legalBasis, IReadOnlyList<string> warnings, IReadOnlyList<InvoicePayment>? payments)
    {
        var periods = Balances(amountDue.Amount, dueDate, asOf, payments)
            .Select(s => new InterestPeriod(s.From, s.To, s.To.DayNumber - s.From.DayNumber + 1, percent, s.Balance * percent / 100m * (s.To.DayNumber - s.From.DayNumber + 1) / DaysPerYear, basis, Principal: s.Balance))
            .ToList();
        return new LatePaymentCharges(
            new Money(periods.Sum(p => p.Interest), amountDue.Currency),
            compensation,
            periods,
            daysLate,
            legalBasis,
            warnings);
    }

    private static DateOnly HalfYearStart(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 7, 1);
}
