namespace Relance.Domain.Tests;

public sealed class PaymentPlanTests
{
    private static readonly PaymentPlan Plan = new([new(new DateOnly(2026, 4, 15), 400m), new(new DateOnly(2026, 5, 15), 400m), new(new DateOnly(2026, 6, 15), 400m)], 1200m);

    [Theory]
    [InlineData("2026-04-01", "1200", "2026-04-18")] // before the first instalment: wait for it (with grace)
    [InlineData("2026-04-18", "1200", "2026-04-18")] // last day of grace
    [InlineData("2026-04-20", "800", "2026-05-18")]  // first instalment paid: wait for the second
    [InlineData("2026-05-30", "400", "2026-06-18")]
    public void A_plan_kept_holds_reminders_until_the_next_instalment(string today, string amountDue, string until)
    {
        var hold = Plan.HoldOn(DateOnly.Parse(today), decimal.Parse(amountDue));

        Assert.NotNull(hold);
        Assert.Equal(HoldKind.PaymentPlan, hold.Kind);
        Assert.Equal(DateOnly.Parse(until), hold.Until);
    }

    [Theory]
    [InlineData("2026-04-19", "1200", "instalment of 2026-04-15 missed (0.00 paid of 400.00 expected)")]
    [InlineData("2026-05-19", "750", "instalment of 2026-05-15 missed (450.00 paid of 800.00 expected)")]
    [InlineData("2026-05-19", "850", "instalment of 2026-04-15 missed (350.00 paid of 400.00 expected)")]
    public void A_missed_instalment_breaks_the_plan_and_says_which(string today, string amountDue, string reason)
    {
        Assert.Null(Plan.HoldOn(DateOnly.Parse(today), decimal.Parse(amountDue)));
        Assert.EndsWith(reason, Plan.BrokenReason(DateOnly.Parse(today), decimal.Parse(amountDue)), StringComparison.Ordinal);
    }
}
