using Relance.Connectors;
using Relance.Domain.Calendars;

namespace Relance.Domain.Tests;

/// <summary>
/// A year of simulated days at 09:30 Paris time, as the default dunning cron runs: each day the window and the
/// schedule decide, and what is sent is remembered. The expected sends are pinned by hand, day by day.
/// </summary>
public sealed class EscalationYearTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly DunningPolicy Policy = new("default",
    [
        new PolicyStep("courtesy", -3, "courtesy", Tone: Tone.Courteous),
        new PolicyStep("friendly", 1, "friendly"),
        new PolicyStep("firm", 8, "firm", Tone: Tone.Firm, RepeatEveryDays: 7),
        new PolicyStep("formal-notice", 30, "formal_notice", ReminderChannel.FormalNotice, Tone.Formal),
    ]);

    // Each step after the due date waits at least 7 days after the previous one was actually sent (a holiday that
    // delays one delays the next), and a weekly repeat whose next step is already due gives way to it.
    public static TheoryData<string, string[]> Cases => new()
    {
        // Due Monday 13 July 2026. Friendly on the 14th (Fête nationale) moves to Wednesday 15th, so firm waits until
        // Wednesday 22nd and repeats weekly; the fourth firm (11 August, then 12th by the gap) gives way to the formal
        // notice due on the 12th: no firm reminder the day before a formal notice.
        {
            "2026-07-13",
            ["2026-07-10 courtesy", "2026-07-15 friendly", "2026-07-22 firm", "2026-07-29 firm#2", "2026-08-05 firm#3", "2026-08-12 formal-notice"]
        },

        // Due Friday 3 April 2026. Friendly falls on Saturday 4th; Monday 6th is Easter Monday: Tuesday 7th. Firm
        // (Saturday 11th) waits for the gap: Tuesday 14th, then weekly; the formal notice (Sunday 3 May) comes a
        // week after the last firm reminder, on Tuesday 5 May.
        {
            "2026-04-03",
            ["2026-03-31 courtesy", "2026-04-07 friendly", "2026-04-14 firm", "2026-04-21 firm#2", "2026-04-28 firm#3", "2026-05-05 formal-notice"]
        },

        // Due Wednesday 21 October 2026: the clocks go back on Sunday 25th and 09:30 stays 09:30 local time. The
        // fourth firm reminder (19 November) is a week before the formal notice, which waits until 26 November.
        {
            "2026-10-21",
            ["2026-10-19 courtesy", "2026-10-22 friendly", "2026-10-29 firm", "2026-11-05 firm#2", "2026-11-12 firm#3", "2026-11-19 firm#4", "2026-11-26 formal-notice"]
        },

        // Due Tuesday 10 November 2026: courtesy falls on Saturday 7th (sent Monday 9th); friendly on Wednesday 11th
        // (Armistice) goes out Thursday 12th, firm a week later.
        {
            "2026-11-10",
            ["2026-11-09 courtesy", "2026-11-12 friendly", "2026-11-19 firm", "2026-11-26 firm#2", "2026-12-03 firm#3", "2026-12-10 formal-notice"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_year_of_days_sends_exactly_the_pinned_reminders(string due, string[] expected)
    {
        var sent = Simulate(Invoice(DateOnly.Parse(due)), Policy, new SendingWindow(Paris, new FrenchHolidays(), new TimeOnly(9, 0), new TimeOnly(18, 0)), new TimeOnly(9, 30));

        Assert.True(expected.SequenceEqual(sent), "sent: " + string.Join(", ", sent));
    }

    [Fact]
    public void Uk_connection_follows_the_uk_bank_holidays()
    {
        // Due Thursday 24 December 2026: Christmas (Fri 25) and Boxing Day (substitute Mon 28) are closed.
        var sent = Simulate(Invoice(new DateOnly(2026, 12, 24)), Policy with { Steps = Policy.Steps.Take(2).ToList() }, new SendingWindow(London, new UkHolidays(), new TimeOnly(9, 0), new TimeOnly(17, 0)), new TimeOnly(9, 30));

        Assert.Equal(["2026-12-21 courtesy", "2026-12-29 friendly"], sent);
    }

    [Fact]
    public void A_run_just_after_midnight_utc_on_new_years_eve_is_new_years_day_in_paris()
    {
        var window = new SendingWindow(Paris, new FrenchHolidays(), new TimeOnly(0, 0), new TimeOnly(23, 59));

        Assert.False(window.IsOpen(DateTimeOffset.Parse("2026-12-31T23:30:00Z")));
        Assert.Equal("Jour de l'an", window.NextSlot(DateTimeOffset.Parse("2026-12-31T23:30:00Z")).Postponed);
        Assert.True(window.IsOpen(DateTimeOffset.Parse("2026-12-31T22:30:00Z")));
    }

    [Fact]
    public void Paid_disputed_promised_and_paused_invoices_provably_get_nothing_all_year()
    {
        var window = new SendingWindow(Paris, new FrenchHolidays(), new TimeOnly(9, 0), new TimeOnly(18, 0));
        var invoice = Invoice(new DateOnly(2026, 3, 31));

        Assert.Empty(Simulate(invoice with { Status = InvoiceStatus.Paid, AmountDue = new Money(0m, "EUR") }, Policy, window, new TimeOnly(9, 30)));
        Assert.Empty(Simulate(invoice, Policy, window, new TimeOnly(9, 30), [new Hold(HoldKind.Disputed, "disputed (tag 'litige')")]));
        Assert.Empty(Simulate(invoice, Policy, window, new TimeOnly(9, 30), [new Hold(HoldKind.Paused, "paused by admin")]));

        // A promise until 30 April holds everything until then; 1 May is a holiday, then a weekend: on Monday 4 May the
        // broken promise resumes the escalation where it stood — nothing was sent, so at the first reminder — and the
        // formal notice comes only after reminders were actually sent, a week apart.
        var promised = Simulate(invoice, Policy, window, new TimeOnly(9, 30), [new Hold(HoldKind.PromiseToPay, "promise to pay", new DateOnly(2026, 4, 30))]);
        Assert.Equal(["2026-05-04 friendly", "2026-05-11 firm", "2026-05-18 formal-notice"], promised);
        Assert.DoesNotContain(promised, s => string.CompareOrdinal(s, "2026-05-01") < 0);
    }

    [Fact]
    public void Partial_payment_restarts_the_clock_of_the_step_in_progress()
    {
        var invoice = Invoice(new DateOnly(2026, 3, 2)) with { Status = InvoiceStatus.PartiallyPaid };
        var taken = new List<StepTaken> { new("friendly", new DateOnly(2026, 3, 3)) };

        // firm (10 March) comes 7 days after friendly; a payment on 6 March moves it to 13 March.
        var before = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken, PartialPaymentOn: new DateOnly(2026, 3, 6)), Policy, new DateOnly(2026, 3, 12));
        var after = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken, PartialPaymentOn: new DateOnly(2026, 3, 6)), Policy, new DateOnly(2026, 3, 13));
        var notRestarting = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken, PartialPaymentOn: new DateOnly(2026, 3, 6)), Policy with { PartialPaymentRestartsStep = false }, new DateOnly(2026, 3, 12));

        Assert.Null(before.Step);
        Assert.Contains("partial payment on 2026-03-06", before.Reason, StringComparison.Ordinal);
        Assert.Equal("firm", after.StepKey);
        Assert.Equal("firm", notRestarting.StepKey);
    }

    [Fact]
    public void Minimum_gap_between_contacts_with_a_customer_postpones_and_explains()
    {
        var decision = EscalationSchedule.Decide(
            new InvoiceSituation(Invoice(new DateOnly(2026, 3, 2)), [], LastContactWithCustomer: new DateOnly(2026, 3, 2)),
            Policy with { MinimumDaysBetweenContacts = 5 },
            new DateOnly(2026, 3, 4));

        Assert.Null(decision.Step);
        Assert.Equal("'friendly' due on 2026-03-03, postponed to 2026-03-07: customer contacted on 2026-03-02", decision.Reason);
        Assert.Equal(new DateOnly(2026, 3, 7), decision.NextStepOn);
    }

    [Fact]
    public void A_step_awaiting_approval_holds_the_escalation()
    {
        var decision = EscalationSchedule.Decide(
            new InvoiceSituation(Invoice(new DateOnly(2026, 1, 1)), [new StepTaken("formal-notice", new DateOnly(2026, 1, 31), Blocking: true)]),
            Policy,
            new DateOnly(2026, 3, 1));

        Assert.Null(decision.Step);
        Assert.Contains("awaiting approval", decision.Reason, StringComparison.Ordinal);
    }

    private static List<string> Simulate(Invoice invoice, DunningPolicy policy, SendingWindow window, TimeOnly runAt, IReadOnlyList<Hold>? holds = null)
    {
        var sent = new List<string>();
        var taken = new List<StepTaken>();
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            var local = day.ToDateTime(runAt);
            var now = new DateTimeOffset(local, window.TimeZone.GetUtcOffset(local));
            var decision = EscalationSchedule.Decide(new InvoiceSituation(invoice, taken, Holds: holds), policy, day);
            if (decision.IsDue && window.IsOpen(now))
            {
                taken.Add(new StepTaken(decision.StepKey!, day));
                sent.Add($"{day:yyyy-MM-dd} {decision.StepKey}");
            }
        }

        return sent;
    }

    private static Invoice Invoice(DateOnly due) => new(
        "42", "F-2026-042", "C1", due.AddDays(-30), due, new Money(1000m, "EUR"), new Money(1000m, "EUR"), InvoiceStatus.Open);
}
