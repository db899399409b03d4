using System.Globalization;
using Relance.Connectors;
using Relance.Domain.Calendars;

namespace Relance.Domain;

/// <summary>
/// Decides which step occurrence of a policy is due for an invoice on a given day, and why. The escalation follows
/// what was actually sent: a never-contacted invoice starts where the policy's <see cref="Onboarding"/> says (by
/// default the first reminder, however late), then each step comes after the last one sent, at the later of its own
/// date and the minimum gap — no step skipped, no burst after downtime, no formal notice as a first word. Pure: the
/// caller gives the day and the situation.
/// </summary>
public static class EscalationSchedule
{
    /// <param name="window">The connection's open days, when known: a notice before the due date whose day is closed up to
    /// the due date is brought forward to the last open day before it.</param>
    public static DunningDecision Decide(InvoiceSituation situation, DunningPolicy policy, DateOnly today, SendingWindow? window = null)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(policy);
        var invoice = situation.Invoice;
        if (StopRules.Check(invoice, policy) is { } stop)
        {
            return DunningDecision.Nothing(invoice.Id, $"not chased: {stop}");
        }

        if (situation.Taken.FirstOrDefault(t => t.Blocking) is { } blocking)
        {
            return DunningDecision.Nothing(invoice.Id, $"waiting: '{blocking.Key}' is {blocking.Waiting ?? "awaiting approval or completion"}");
        }

        var dueDate = invoice.DueDate!.Value;
        var occurrences = Occurrences(policy, dueDate, invoice.AmountDue.Amount, today.AddDays(1)).ToList();
        var done = situation.Taken.Where(t => !t.Blocking).ToList();
        var lastIndex = occurrences.FindLastIndex(o => done.Any(t => t.Key == o.Key));
        var chosen = lastIndex < 0
            ? FirstContact(invoice.Id, policy, occurrences, dueDate, today, window)
            : FollowUp(invoice.Id, policy, occurrences, lastIndex, done, dueDate, today);
        if (chosen.Decision is { } nothing)
        {
            return nothing;
        }

        var (current, effective, next) = (chosen.Current!, chosen.Effective, chosen.Next);

        // A partial payment restarts the clock: the step comes as long after the payment as it came after the last one.
        var lastTaken = done.MaxBy(t => t.On);
        if (policy.PartialPaymentRestartsStep && situation.PartialPaymentOn is { } paidOn && lastTaken is not null && paidOn > lastTaken.On && current.Date > lastTaken.On)
        {
            effective = Max(effective, paidOn.AddDays(current.Date.DayNumber - lastTaken.On.DayNumber));
            if (effective > today)
            {
                return DunningDecision.Nothing(invoice.Id, $"'{current.Key}' moved to {Day(effective)}: partial payment on {Day(paidOn)}", effective);
            }
        }

        foreach (var hold in situation.Holds ?? [])
        {
            if (hold.AppliesOn(today))
            {
                return DunningDecision.Nothing(invoice.Id, $"'{current.Key}' held: {hold.Reason}", hold.Until?.AddDays(1));
            }
        }

        if (policy.MinimumDaysBetweenContacts > 0 && situation.LastContactWithCustomer is { } lastContact && today.DayNumber - lastContact.DayNumber < policy.MinimumDaysBetweenContacts)
        {
            var allowed = lastContact.AddDays(policy.MinimumDaysBetweenContacts);
            return DunningDecision.Nothing(invoice.Id, $"'{current.Key}' due on {Day(effective)}, postponed to {Day(allowed)}: customer contacted on {Day(lastContact)}", allowed);
        }

        var daysLate = today.DayNumber - dueDate.DayNumber;
        var when = (effective == today ? "due today" : $"due since {Day(effective)}") + chosen.Why;
        var lateness = daysLate > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{daysLate} days late")
            : string.Create(CultureInfo.InvariantCulture, $"{-daysLate} days before the due date");
        return new DunningDecision(invoice.Id, current.Step, current.Key, $"'{current.Key}' {when} ({lateness})", next);
    }

    /// <summary>
    /// The first word to a customer about this invoice: a pre-due notice before the due date; after it, the first
    /// reminder (<see cref="OnboardingStart.FirstReminder"/>) or the most advanced step whose date has come
    /// (<see cref="OnboardingStart.Scheduled"/>) — never a step that needs earlier reminders, which were not sent.
    /// </summary>
    private static Choice FirstContact(string invoiceId, DunningPolicy policy, List<StepOccurrence> occurrences, DateOnly dueDate, DateOnly today, SendingWindow? window)
    {
        var entry = policy.Entry;
        if (entry.ChaseDueAfter is { } onboarded && dueDate <= onboarded)
        {
            return Choice.Nothing(DunningDecision.Nothing(invoiceId, $"before onboarding date: due {Day(dueDate)}, Relance chases invoices due after {Day(onboarded)} (ChaseDueAfter)"));
        }

        var eligible = occurrences.Where(o => o.Step.PriorRemindersNeeded == 0).ToList();
        StepOccurrence? current;
        if (today < dueDate)
        {
            current = eligible.LastOrDefault(o => o.Date <= today && !o.Step.IsAfterDue);

            // A notice whose day is closed, with no open day left before the due date, would never go: today, the
            // last open day before it, is its day.
            var ahead = eligible.FirstOrDefault(o => !o.Step.IsAfterDue && o.Date > today && o.Date < dueDate);
            if (ahead is not null && window is not null && window.ClosedReason(today) is null
                && Enumerable.Range(1, dueDate.DayNumber - today.DayNumber - 1).All(n => window.ClosedReason(today.AddDays(n)) is not null))
            {
                return new Choice(ahead, today, NextAfter(occurrences, ahead), $"; brought forward from {Day(ahead.Date)} ({window.ClosedReason(ahead.Date)}), the last open day before the due date");
            }
        }
        else if (entry.StartAt == OnboardingStart.FirstReminder)
        {
            current = eligible.FirstOrDefault(o => o.Step.IsAfterDue);
            if (current is not null && current.Date > today)
            {
                return Choice.Nothing(DunningDecision.Nothing(invoiceId, $"next: '{current.Key}' on {Day(current.Date)}", current.Date));
            }
        }
        else
        {
            current = eligible.LastOrDefault(o => o.Date <= today && o.Step.IsAfterDue);
        }

        if (current is null)
        {
            var upcoming = eligible.FirstOrDefault(o => o.Date > today && (today < dueDate || o.Step.IsAfterDue));
            return Choice.Nothing(DunningDecision.Nothing(
                invoiceId,
                upcoming is null ? "no step applies to this invoice" : $"next: '{upcoming.Key}' on {Day(upcoming.Date)}",
                upcoming?.Date));
        }

        var skipped = entry.StartAt == OnboardingStart.FirstReminder && today.DayNumber - dueDate.DayNumber > current.Date.DayNumber - dueDate.DayNumber
            ? "; first contact, so the first reminder (StartAt: FirstReminder)"
            : "";
        return new Choice(current, current.Date, NextAfter(occurrences, current), skipped);
    }

    /// <summary>
    /// After a first contact, the escalation follows what was actually sent: the step after the last one sent, at the
    /// later of its own date and the last send plus the minimum gap — after a hold, a downtime or a dispute it resumes
    /// there, not at the most advanced date. A repeat whose next step is already due is passed over.
    /// </summary>
    private static Choice FollowUp(string invoiceId, DunningPolicy policy, List<StepOccurrence> occurrences, int lastIndex, List<StepTaken> done, DateOnly dueDate, DateOnly today)
    {
        var last = occurrences[lastIndex];
        var lastOn = done.Where(t => t.Key == last.Key).Max(t => t.On);
        var index = lastIndex + 1;
        while (index < occurrences.Count && !occurrences[index].Step.IsAfterDue && today >= dueDate)
        {
            // A pre-due notice not sent before the due date has nothing left to say.
            index++;
        }

        DateOnly Earliest(StepOccurrence o) =>
            last.Step.IsAfterDue && o.Step.IsAfterDue && policy.MinimumDaysBetweenSteps > 0 ? Max(o.Date, lastOn.AddDays(policy.MinimumDaysBetweenSteps)) : o.Date;

        while (index < occurrences.Count && IsRepeat(occurrences[index]))
        {
            var repeat = occurrences[index];
            var nextStep = occurrences.FindIndex(index, o => o.Step != repeat.Step);
            if (nextStep < 0 || occurrences[nextStep].Date > Earliest(repeat))
            {
                break;
            }

            index = nextStep;
        }

        if (index >= occurrences.Count)
        {
            return Choice.Nothing(DunningDecision.Nothing(invoiceId, $"'{last.Key}' done; nothing after it"));
        }

        var current = occurrences[index];
        var effective = Earliest(current);
        if (done.Count < current.Step.PriorRemindersNeeded)
        {
            return Choice.Nothing(DunningDecision.Nothing(invoiceId, $"'{current.Key}' needs {current.Step.PriorRemindersNeeded} earlier reminders sent, {done.Count} were"));
        }

        if (effective > today)
        {
            var gap = effective > current.Date ? $" ({policy.MinimumDaysBetweenSteps} days after '{last.Key}' sent on {Day(lastOn)})" : "";
            return Choice.Nothing(DunningDecision.Nothing(invoiceId, $"'{last.Key}' done; next '{current.Key}' on {Day(effective)}{gap}", effective));
        }

        var why = effective > current.Date ? $"; {policy.MinimumDaysBetweenSteps} days after '{last.Key}' sent on {Day(lastOn)}" : "";
        return new Choice(current, effective, NextAfter(occurrences, current), why);
    }

    private static bool IsRepeat(StepOccurrence occurrence) => occurrence.Key != occurrence.Step.Name;

    private static DateOnly? NextAfter(List<StepOccurrence> occurrences, StepOccurrence current) =>
        occurrences.SkipWhile(o => o != current).Skip(1).FirstOrDefault()?.Date;

    private sealed record Choice(StepOccurrence? Current, DateOnly Effective, DateOnly? Next, string Why, DunningDecision? Decision = null)
    {
        public static Choice Nothing(DunningDecision decision) => new(null, default, null, "", decision);
    }

    /// <summary>Every occurrence of every step for an invoice, in date order, up to <paramref name="horizon"/>.</summary>
    public static IEnumerable<StepOccurrence> Occurrences(DunningPolicy policy, DateOnly dueDate, decimal amountDue, DateOnly horizon)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var steps = policy.Steps.Where(s => amountDue >= s.MinimumAmountDue).OrderBy(s => s.OffsetDays).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var date = dueDate.AddDays(step.OffsetDays);
            var until = i + 1 < steps.Count ? dueDate.AddDays(steps[i + 1].OffsetDays) : (DateOnly?)null;
            for (var occurrence = 1; ; occurrence++)
            {
                if (occurrence > 1 && until is { } end && date >= end)
                {
                    break;
                }

                yield return new StepOccurrence(step, step.KeyFor(occurrence), date);

                // One occurrence past the horizon is enough to tell what comes next.
                if (step.RepeatEveryDays is not { } every || every <= 0 || date > horizon)
                {
                    break;
                }

                date = date.AddDays(every);
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One dated sending of a step.</summary>
public sealed record StepOccurrence(PolicyStep Step, string Key, DateOnly Date);
