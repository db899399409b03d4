using System.Globalization;
using Relance.Connectors;

namespace Relance.Domain;

/// <summary>
/// Decides which step occurrence of a policy is due for an invoice on a given day, and why. The latest occurrence
/// whose date has come is the one to act on: after downtime we do not send three stale reminders in a row, and a
/// pre-due notice is pointless once the invoice is late. Pure: the caller gives the day and the situation.
/// </summary>
public static class EscalationSchedule
{
    public static DunningDecision Decide(InvoiceSituation situation, DunningPolicy policy, DateOnly today)
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
        var taken = situation.Taken.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var occurrences = Occurrences(policy, dueDate, invoice.AmountDue.Amount, today.AddDays(1)).ToList();
        var current = occurrences.LastOrDefault(o => o.Date <= today);
        var next = occurrences.FirstOrDefault(o => o.Date > today);
        if (current is null)
        {
            return DunningDecision.Nothing(invoice.Id, next is null ? "no step applies to this invoice" : $"next: '{next.Key}' on {Day(next.Date)}", next?.Date);
        }

        if (current.Step.OffsetDays < 0 && today >= dueDate)
        {
            return DunningDecision.Nothing(invoice.Id, $"'{current.Key}' is a pre-due notice and the invoice is due", next?.Date);
        }

        if (taken.Contains(current.Key))
        {
            return DunningDecision.Nothing(invoice.Id, next is null ? $"'{current.Key}' done; nothing after it" : $"'{current.Key}' done; next '{next.Key}' on {Day(next.Date)}", next?.Date);
        }

        // A partial payment restarts the clock: the step comes as long after the payment as it came after the last one.
        var effective = current.Date;
        var lastTaken = situation.Taken.Where(t => !t.Blocking).MaxBy(t => t.On);
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
            return DunningDecision.Nothing(invoice.Id, $"'{current.Key}' due on {Day(current.Date)}, postponed to {Day(allowed)}: customer contacted on {Day(lastContact)}", allowed);
        }

        var daysLate = today.DayNumber - dueDate.DayNumber;
        var when = current.Date == today ? "due today" : $"due since {Day(current.Date)}";
        var lateness = daysLate > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{daysLate} days late")
            : string.Create(CultureInfo.InvariantCulture, $"{-daysLate} days before the due date");
        return new DunningDecision(invoice.Id, current.Step, current.Key, $"'{current.Key}' {when} ({lateness})", next?.Date);
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
