using Relance.Connectors;
using Relance.Domain.Law;

namespace Relance.Domain.Tests;

public sealed class LatePaymentLawTests
{
    // The figures of shared/legal/late-payment-rules.md (§2a, §2c, §6a).
    private static readonly RateTable Rates = new(
        EcbMainRefinancing:
        [
            new(new DateOnly(2022, 12, 21), 2.50m), new(new DateOnly(2023, 6, 21), 4.00m), new(new DateOnly(2023, 9, 20), 4.50m),
            new(new DateOnly(2024, 6, 12), 4.25m), new(new DateOnly(2024, 9, 18), 3.65m), new(new DateOnly(2024, 10, 23), 3.40m),
            new(new DateOnly(2024, 12, 18), 3.15m), new(new DateOnly(2025, 2, 5), 2.90m), new(new DateOnly(2025, 3, 12), 2.65m),
            new(new DateOnly(2025, 4, 23), 2.40m), new(new DateOnly(2025, 6, 11), 2.15m),
        ],
        FrenchLegalInterestProfessional:
        [
            new(new DateOnly(2024, 1, 1), 5.07m), new(new DateOnly(2024, 7, 1), 4.92m), new(new DateOnly(2025, 1, 1), 3.71m),
            new(new DateOnly(2025, 7, 1), 2.76m), new(new DateOnly(2026, 1, 1), 2.62m),
        ],
        BankOfEnglandBase:
        [
            new(new DateOnly(2023, 8, 3), 5.25m), new(new DateOnly(2024, 8, 1), 5.00m), new(new DateOnly(2024, 11, 7), 4.75m),
            new(new DateOnly(2025, 2, 6), 4.50m), new(new DateOnly(2025, 5, 8), 4.25m), new(new DateOnly(2025, 8, 7), 4.00m),
            new(new DateOnly(2025, 12, 18), 3.75m),
        ]);

    private static readonly LatePaymentTerms France = new(Jurisdiction.France);

    // Issue 11's case: EUR 5,000 due 10 March 2025, EUR 2,000 paid 9 April, evaluated 9 May; 13.15 % (ECB 3.15 % on
    // 1 January 2025 + 10). 11 March–9 April: 30 days on 5,000 = 54.0411; 10 April–9 May: 30 days on 3,000 = 32.4247.
    [Fact]
    public void Interest_after_a_part_payment_runs_on_each_days_balance()
    {
        var charges = LatePaymentLaw.Compute(new Money(3000m, "EUR"), new DateOnly(2025, 3, 10), new DateOnly(2025, 5, 9), France, Rates, [new InvoicePayment(new DateOnly(2025, 4, 9), 2000m)]);

        Assert.Equal(86.47m, Math.Round(charges.Interest.Amount, 2));
        Assert.Equal(
            [(new DateOnly(2025, 3, 11), new DateOnly(2025, 4, 9), 30, 5000m), (new DateOnly(2025, 4, 10), new DateOnly(2025, 5, 9), 30, 3000m)],
            charges.Periods.Select(p => (p.From, p.To, p.Days, p.Principal)).ToList());
        Assert.Equal(40m, charges.FixedCompensation.Amount);

        // Without the payment's date, only today's balance earns interest: 64.85, too little, never too much.
        Assert.Equal(64.85m, Math.Round(LatePaymentLaw.Compute(new Money(3000m, "EUR"), new DateOnly(2025, 3, 10), new DateOnly(2025, 5, 9), France, Rates).Interest.Amount, 2));
    }

    // A payment before the due date is not late: it changes nothing. Two payments on one day count as one change; a
    // 1 July inside a stretch still switches the rate (5 000 due 20 June, 1 000 paid 25 June and 1 000 on 5 July,
    // evaluated 10 July: 5 d on 5 000 at 13.15 % = 9.0068; 5 d on 4 000 at 13.15 % = 7.2055; 5 d on 4 000 at
    // 12.15 % = 6.6575; 5 d on 3 000 at 12.15 % = 4.9932; total 27.86).
    [Fact]
    public void Part_payments_and_a_rate_change_cut_the_late_period_where_they_fall()
    {
        var charges = LatePaymentLaw.Compute(new Money(3000m, "EUR"), new DateOnly(2025, 6, 20), new DateOnly(2025, 7, 10), France, Rates,
            [new InvoicePayment(new DateOnly(2025, 6, 1), 500m), new InvoicePayment(new DateOnly(2025, 6, 25), 600m), new InvoicePayment(new DateOnly(2025, 6, 25), 400m), new InvoicePayment(new DateOnly(2025, 7, 5), 1000m)]);

        Assert.Equal(27.86m, Math.Round(charges.Interest.Amount, 2));
        Assert.Equal([5000m, 4000m, 4000m, 3000m], charges.Periods.Select(p => p.Principal).ToList());
        Assert.Equal([13.15m, 13.15m, 12.15m, 12.15m], charges.Periods.Select(p => p.AnnualRatePercent).ToList());
    }

    // Hand-computed reference table: amount × rate × days / 365, summed per half-year, rounded to the cent only here.
    [Theory]
    [InlineData("10000.00", "2025-06-15", "2025-07-15", "103.97", 30)] // 15 d at 13.15 % + 15 d at 12.15 % (ECB change on 1 July)
    [InlineData("1234.56", "2026-01-31", "2026-03-02", "12.33", 30)]   // 30 d at 12.15 %
    [InlineData("2500.00", "2024-12-20", "2025-01-10", "19.74", 21)]   // 11 d at 14.25 % (10.7363) + 10 d at 13.15 % (9.0068), across 1 January
    [InlineData("800.00", "2026-03-10", "2026-03-10", "0.00", 0)]
    public void French_interest_matches_the_hand_computed_reference(string amount, string due, string asOf, string expected, int days)
    {
        var charges = LatePaymentLaw.Compute(new Money(decimal.Parse(amount), "EUR"), DateOnly.Parse(due), DateOnly.Parse(asOf), France, Rates);

        Assert.Equal(decimal.Parse(expected), Math.Round(charges.Interest.Amount, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(days, charges.DaysLate);
        Assert.Equal(days == 0 ? 0m : 40m, charges.FixedCompensation.Amount);
        Assert.Equal(days, charges.Periods.Sum(p => p.Days));
    }

    [Fact]
    public void A_late_period_crossing_1_july_switches_to_the_new_half_year_rate()
    {
        var charges = LatePaymentLaw.Compute(new Money(10_000m, "EUR"), new DateOnly(2025, 6, 15), new DateOnly(2025, 7, 15), France, Rates);

        Assert.Collection(
            charges.Periods,
            p =>
            {
                Assert.Equal((new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 30), 15, 13.15m), (p.From, p.To, p.Days, p.AnnualRatePercent));
                Assert.Contains("2025-01-01 (3.15 %) + 10 points", p.RateBasis, StringComparison.Ordinal);
            },
            p => Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 15), 15, 12.15m), (p.From, p.To, p.Days, p.AnnualRatePercent)));
        Assert.Equal(143.97m, Math.Round(charges.Interest.Amount + charges.FixedCompensation.Amount, 2));
    }

    [Fact]
    public void Contract_rate_below_three_times_the_legal_rate_is_computed_but_warned()
    {
        var charges = LatePaymentLaw.Compute(new Money(1000m, "EUR"), new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31), France with { ContractRatePercent = 7m }, Rates);

        Assert.Equal(Math.Round(1000m * 0.07m * 30 / 365, 2), Math.Round(charges.Interest.Amount, 2));
        var warning = Assert.Single(charges.Warnings);
        Assert.Contains("11.13 %", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5000.00", "2025-03-10", "2025-04-09", "52.40", "70")]   // 12.75 % (4.75 on 31 Dec 2024 + 8), 30 d
    [InlineData("999.99", "2025-08-01", "2025-08-31", "10.07", "40")]    // 12.25 % (4.25 on 30 Jun 2025 + 8), 30 d
    [InlineData("12000.00", "2025-12-31", "2026-01-30", "115.89", "100")] // 11.75 % (3.75 on 31 Dec 2025 + 8), 30 d
    public void Uk_statutory_interest_and_fixed_sums(string amount, string due, string asOf, string interest, string fixedSum)
    {
        var charges = LatePaymentLaw.Compute(new Money(decimal.Parse(amount), "GBP"), DateOnly.Parse(due), DateOnly.Parse(asOf), new LatePaymentTerms(Jurisdiction.UnitedKingdom), Rates);

        Assert.Equal(decimal.Parse(interest), Math.Round(charges.Interest.Amount, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(new Money(decimal.Parse(fixedSum), "GBP"), charges.FixedCompensation);
    }

    [Fact]
    public void Us_connections_get_no_statutory_penalty_unless_a_rate_is_configured()
    {
        var none = LatePaymentLaw.Compute(new Money(5000m, "USD"), new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), new LatePaymentTerms(Jurisdiction.None), Rates);
        var contract = LatePaymentLaw.Compute(new Money(5000m, "USD"), new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), new LatePaymentTerms(Jurisdiction.None, 18m), Rates);

        Assert.False(none.IsPositive);
        Assert.Equal(Math.Round(5000m * 0.18m * 59 / 365, 2), Math.Round(contract.Interest.Amount, 2));
        Assert.Equal(0m, contract.FixedCompensation.Amount);
    }

    [Fact]
    public void Neither_l441_10_penalties_nor_the_fixed_indemnity_towards_consumers()
    {
        var charges = LatePaymentLaw.Compute(new Money(100m, "EUR"), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), France with { BusinessToBusiness = false }, Rates);

        // L441-10 and D441-5 are between businesses; a private debtor owes legal interest from the formal notice.
        Assert.Equal(0m, charges.FixedCompensation.Amount);
        Assert.False(charges.Interest.IsPositive);
        Assert.Contains("1231-6", charges.LegalBasis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("CHF")]
    public void The_french_40_euro_indemnity_is_stated_in_euros_whatever_the_invoice_currency(string currency)
    {
        var charges = LatePaymentLaw.Compute(new Money(2000m, currency), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), France, Rates);

        Assert.Equal(new Money(40m, "EUR"), charges.FixedCompensation);
        Assert.Equal(currency, charges.Interest.Currency);
        Assert.True(charges.Interest.IsPositive);
    }

    [Fact]
    public void The_uk_fixed_sum_is_in_pounds_and_the_lowest_band_for_a_debt_in_another_currency()
    {
        var charges = LatePaymentLaw.Compute(new Money(50_000m, "EUR"), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new LatePaymentTerms(Jurisdiction.UnitedKingdom), Rates);

        Assert.Equal(new Money(40m, "GBP"), charges.FixedCompensation);
    }
}
