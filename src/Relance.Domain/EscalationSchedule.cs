using Relance.Connectors;

namespace Relance.Domain;

/// <summary>
/// Decides which step of a policy is due for an invoice on a given day. The most advanced step whose date has
/// come is the one to act on: after downtime we do not send three stale reminders in a row, and a pre-due
/// courtesy notice is pointless once the invoice is already late.
/// </summary>
public static class EscalationSchedule
{
    public static DunningDecision Decide(Invoice invoice, DunningPolicy policy, DateOnly today, IReadOnlySet<string> stepsDone)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(stepsDone);

        if (StopRules.Check(invoice, policy) is { } stop)
        {
            return DunningDecision.Nothing(invoice.Id, $"not chased: {stop}");
        }

        var dueDate = invoice.DueDate!.Value;
        PolicyStep? current = null;
        foreach (var step in policy.Steps.OrderBy(s => s.OffsetDays))
        {
            if (dueDate.AddDays(step.OffsetDays) <= today)
            {
                current = step;
            }
        }

        if (current is null)
        {
            var first = policy.Steps.MinBy(s => s.OffsetDays);
            return DunningDecision.Nothing(invoice.Id, first is null
                ? "policy has no steps"
                : $"first step '{first.Name}' due on {dueDate.AddDays(first.OffsetDays):yyyy-MM-dd}");
        }

        if (current.OffsetDays < 0 && today >= dueDate)
        {
            return DunningDecision.Nothing(invoice.Id, $"step '{current.Name}' is a pre-due notice and the invoice is due");
        }

        if (stepsDone.Contains(current.Name))
        {
            var next = policy.Steps.Where(s => s.OffsetDays > current.OffsetDays).MinBy(s => s.OffsetDays);
            return DunningDecision.Nothing(invoice.Id, next is null
                ? $"last step '{current.Name}' already done"
                : $"step '{current.Name}' done; next '{next.Name}' on {dueDate.AddDays(next.OffsetDays):yyyy-MM-dd}");
        }

        var daysLate = today.DayNumber - dueDate.DayNumber;
        return new DunningDecision(invoice.Id, current, daysLate > 0
            ? $"step '{current.Name}' due: {daysLate} days late"
            : $"step '{current.Name}' due: {-daysLate} days before the due date");
    }
}
