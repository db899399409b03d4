using Relance.Connectors;
using Relance.Domain.Calendars;

namespace Relance.Domain.Tests;

/// <summary>
/// The day Relance is switched on, on an account that already has late invoices (every real account): the first
/// message each customer receives, and what follows, day by day at 09:30 Paris time.
/// </summary>
public sealed class OnboardingTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly SendingWindow Window = new(Paris, new FrenchHolidays(), new TimeOnly(9, 0), new TimeOnly(18, 0));

    // The default ladder: courtesy, friendly, weekly firm, final, formal notice, phone call.
    private static readonly DunningPolicy Policy = new("default",
    [
        new PolicyStep("courtesy", -3, "courtesy", Tone: Tone.Courteous),
        new PolicyStep("friendly", 1, "friendly"),
        new PolicyStep("firm", 8, "firm", Tone: Tone.Firm, RepeatEveryDays: 7),
        new PolicyStep("final", 22, "final", Tone: Tone.Final),
        new PolicyStep("formal-notice", 30, "formal_notice", ReminderChannel.FormalNotice, Tone.Formal),
        new PolicyStep("call", 45, "handoff", ReminderChannel.Task, Tone.Formal),
    ]);

    // Monday 2 March 2026.
    private static readonly DateOnly SwitchedOn = new(2026, 3, 2);

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(45)]
    [InlineData(120)]
    public void An_account_switched_on_with_a_backlog_starts_every_invoice_at_the_first_reminder(int daysLate)
    {
        var sent = Simulate(Invoice(SwitchedOn.AddDays(-daysLate)), Policy, SwitchedOn, days: 90);

        Assert.Equal("friendly", sent[0].Key);

        // Nothing skipped, a week apart at least, and the formal notice and the call only after reminders went out.
        Assert.Equal(["friendly", "firm", "final", "formal-notice", "call"], sent.Select(s => s.Key.Split('#')[0]).Distinct());
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.True(pair.Second.On.DayNumber - pair.First.On.DayNumber >= 7, $"{pair.First} then {pair.Second}"));
        var formal = sent.FindIndex(s => s.Key == "formal-notice");
        Assert.True(formal >= 2, string.Join(", ", sent));
    }

    [Fact]
    public void Scheduled_onboarding_starts_at_the_most_advanced_step_that_needs_no_earlier_reminder()
    {
        var policy = Policy with { Onboarding = new Onboarding(OnboardingStart.Scheduled) };

        var sent = Simulate(Invoice(SwitchedOn.AddDays(-120)), policy, SwitchedOn, days: 30);

        // 120 days late, the formal notice and the call are due by date, but neither can be a first contact.
        Assert.Equal("final", sent[0].Key);
        Assert.Equal(new DateOnly(2026, 3, 2), sent[0].On);
        Assert.Equal("formal-notice", sent[1].Key);
        Assert.Equal(new DateOnly(2026, 3, 9), sent[1].On);
    }

    [Fact]
    public void Invoices_due_before_the_onboarding_date_are_left_alone_and_said_so()
    {
        var policy = Policy with { Onboarding = new Onboarding(ChaseDueAfter: new DateOnly(2026, 1, 31)) };

        var old = EscalationSchedule.Decide(new InvoiceSituation(Invoice(new DateOnly(2026, 1, 15)), []), policy, SwitchedOn);
        var recent = EscalationSchedule.Decide(new InvoiceSituation(Invoice(new DateOnly(2026, 2, 15)), []), policy, SwitchedOn);

        Assert.Null(old.Step);
        Assert.StartsWith("before onboarding date", old.Reason, StringComparison.Ordinal);
        Assert.Equal("friendly", recent.StepKey);
    }

    [Fact]
    public void A_step_pushed_by_a_holiday_onto_the_next_steps_day_is_sent_and_the_next_waits_its_gap()
    {
        // Due Thursday 7 May 2026: the friendly reminder (Friday 8 May, Victoire 1945) moves to Monday 11 May, the
        // firm one's own day. Before, the firm reminder went out that day and the friendly one never did.
        var policy = new DunningPolicy("tight", [new PolicyStep("friendly", 1, "friendly"), new PolicyStep("firm", 4, "firm", Tone: Tone.Firm)]);

        var sent = Simulate(Invoice(new DateOnly(2026, 5, 7)), policy, new DateOnly(2026, 5, 1), days: 30);

        Assert.Equal([("friendly", new DateOnly(2026, 5, 11)), ("firm", new DateOnly(2026, 5, 18))], sent.Select(s => (s.Key, s.On)));
    }

    [Fact]
    public void A_notice_before_the_due_date_whose_day_is_closed_until_the_due_date_is_brought_forward()
    {
        // Due Tuesday 26 May 2026: the courtesy notice (Saturday 23rd) would wait past Sunday and Whit Monday to the due
        // date itself; it goes on Friday 22nd instead.
        var policy = new DunningPolicy("short", [new PolicyStep("courtesy", -3, "courtesy", Tone: Tone.Courteous), new PolicyStep("friendly", 1, "friendly")]);

        var sent = Simulate(Invoice(new DateOnly(2026, 5, 26)), policy, new DateOnly(2026, 5, 15), days: 20);

        Assert.Equal([("courtesy", new DateOnly(2026, 5, 22)), ("friendly", new DateOnly(2026, 5, 27))], sent.Select(s => (s.Key, s.On)));
    }

    [Fact]
    public void After_a_hold_the_escalation_resumes_at_the_next_step_not_sent_not_at_the_most_advanced_date()
    {
        var invoice = Invoice(new DateOnly(2026, 1, 5));
        var taken = new List<StepTaken> { new("friendly", new DateOnly(2026, 1, 6)) };

        // Paused from 7 January to 28 February: on 2 March the invoice is 56 days late, formal notice and call are past due.
        var decision = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken), Policy, SwitchedOn);

        Assert.Equal("firm", decision.StepKey);
        Assert.Contains("'firm' due since", decision.Reason, StringComparison.Ordinal);
    }

    private static List<(string Key, DateOnly On)> Simulate(Invoice invoice, DunningPolicy policy, DateOnly from, int days)
    {
        var sent = new List<(string Key, DateOnly On)>();
        var taken = new List<StepTaken>();
        for (var day = from; day < from.AddDays(days); day = day.AddDays(1))
        {
            var local = day.ToDateTime(new TimeOnly(9, 30));
            var now = new DateTimeOffset(local, Paris.GetUtcOffset(local));
            var decision = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken), policy, day, Window);
            if (decision.IsDue && Window.IsOpen(now))
            {
                taken.Add(new StepTaken(decision.StepKey!, day));
                sent.Add((decision.StepKey!, day));
            }
        }

        return sent;
    }

    private static Invoice Invoice(DateOnly due) => new(
        "42", "F-2026-042", "C1", due.AddDays(-30), due, new Money(1000m, "EUR"), new Money(1000m, "EUR"), InvoiceStatus.Open);
}
