using Relance.Connectors;

namespace Relance.Domain.Tests;

public sealed class EscalationScheduleTests
{
    private static readonly DunningPolicy Policy = new("default",
    [
        new PolicyStep("courtesy", -3, "courtesy"),
        new PolicyStep("friendly", 1, "friendly"),
        new PolicyStep("firm", 15, "firm"),
    ]);

    private static readonly DateOnly Due = new(2026, 3, 31);

    [Theory]
    [InlineData("Scheduled", "2026-03-27", null)]
    [InlineData("Scheduled", "2026-03-28", "courtesy")]
    [InlineData("Scheduled", "2026-03-30", "courtesy")]
    [InlineData("Scheduled", "2026-03-31", null)]
    [InlineData("Scheduled", "2026-04-01", "friendly")]
    [InlineData("Scheduled", "2026-04-14", "friendly")]
    [InlineData("Scheduled", "2026-04-15", "firm")]
    [InlineData("Scheduled", "2026-09-01", "firm")]
    [InlineData("FirstReminder", "2026-03-28", "courtesy")]
    [InlineData("FirstReminder", "2026-03-31", null)]
    [InlineData("FirstReminder", "2026-04-01", "friendly")]
    [InlineData("FirstReminder", "2026-04-15", "friendly")]
    [InlineData("FirstReminder", "2026-09-01", "friendly")]
    public void A_never_contacted_invoice_starts_where_the_onboarding_rule_says(string start, string today, string? expected)
    {
        var policy = Policy with { Onboarding = new Onboarding(Enum.Parse<OnboardingStart>(start)) };

        var decision = EscalationSchedule.Decide(new InvoiceSituation(Invoice(), []), policy, DateOnly.Parse(today));

        Assert.Equal(expected, decision.Step?.Name);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void A_step_already_taken_is_not_due_again_and_the_next_one_is_announced()
    {
        var decision = EscalationSchedule.Decide(new InvoiceSituation(Invoice(), [new StepTaken("friendly", new DateOnly(2026, 4, 1))]), Policy, new DateOnly(2026, 4, 3));

        Assert.Null(decision.Step);
        Assert.Contains("next 'firm' on 2026-04-15", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 4, 15), decision.NextStepOn);
    }

    [Theory]
    [InlineData(InvoiceStatus.Paid, "paid")]
    [InlineData(InvoiceStatus.Cancelled, "cancelled")]
    [InlineData(InvoiceStatus.CreditNote, "credit note")]
    [InlineData(InvoiceStatus.Draft, "draft")]
    public void Closed_invoices_are_never_chased(InvoiceStatus status, string reason)
    {
        var decision = EscalationSchedule.Decide(new InvoiceSituation(Invoice() with { Status = status }, []), Policy, new DateOnly(2026, 5, 1));

        Assert.Null(decision.Step);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Amount_below_the_policy_minimum_is_left_alone()
    {
        var decision = EscalationSchedule.Decide(
            new InvoiceSituation(Invoice() with { AmountDue = new Money(4.99m, "EUR") }, []),
            Policy with { MinimumAmountDue = 5m },
            new DateOnly(2026, 5, 1));

        Assert.Null(decision.Step);
        Assert.Contains("below the policy minimum", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Partially_paid_invoice_is_still_chased_for_what_is_left()
    {
        var decision = EscalationSchedule.Decide(
            new InvoiceSituation(Invoice() with { Status = InvoiceStatus.PartiallyPaid, AmountDue = new Money(300m, "EUR") }, []),
            Policy,
            new DateOnly(2026, 4, 2));

        Assert.Equal("friendly", decision.Step?.Name);
    }

    [Fact]
    public void Money_refuses_to_mix_currencies()
    {
        Assert.Throws<InvalidOperationException>(() => new Money(1m, "EUR").Add(new Money(1m, "GBP")));
        Assert.Equal(new Money(3.5m, "EUR"), new Money(1.25m, "EUR").Add(new Money(2.25m, "EUR")));
    }

    private static Invoice Invoice() => new(
        "42", "F-2026-042", "C1", new DateOnly(2026, 3, 1), Due, new Money(1000m, "EUR"), new Money(1000m, "EUR"), InvoiceStatus.Open);
}
