using Relance.Domain;
using Relance.Domain.Law;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Dunning;

/// <summary>
/// A dry run over the stored state: which step each invoice would get on which day, assuming nothing gets paid and
/// every step goes out when due. Reads the ledger only — nothing is sent, claimed or written back.
/// </summary>
public sealed class DunningPlanner(IDunningLedger ledger)
{
    public async Task<IReadOnlyList<PlannedAction>> PlanAsync(Connection connection, DateOnly from, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var state = new LedgerState(
            connection,
            from,
            await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken),
            await ledger.GetTakenStepsAsync(connection.Name, cancellationToken),
            await ledger.GetPartialPaymentsAsync(connection.Name, cancellationToken),
            await ledger.GetHoldsAsync(connection.Name, cancellationToken));
        var plan = new List<PlannedAction>();
        foreach (var stored in state.Open.OrderBy(s => s.Invoice.DueDate).ThenBy(s => s.Invoice.Number, StringComparer.Ordinal))
        {
            var policy = connection.PolicyFor(stored.Customer);
            var situation = state.Situation(stored);
            var taken = situation.Taken.ToList();
            string? firstReason = null;
            string? closedOn = null;
            string? afterApproval = null;
            var planned = false;
            for (var day = from; day < from.AddDays(days); day = day.AddDays(1))
            {
                var decision = EscalationSchedule.Decide(situation with { Taken = taken }, policy, day, connection.Window);
                firstReason ??= decision.Reason;
                if (decision.Step is not { } step)
                {
                    continue;
                }

                var (slot, postponed) = connection.Window.NextSlot(Opening(connection, day));
                var sendDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slot, connection.TimeZone).DateTime);
                if (sendDay != day)
                {
                    closedOn ??= $"{day:yyyy-MM-dd}: {postponed}";
                    continue;
                }

                var charges = LatePaymentLaw.Compute(stored.Invoice.AmountDue, stored.Invoice.DueDate ?? day, day, connection.LawFor(stored.Customer), connection.Rates, stored.Invoice.Payments);
                var reason = closedOn is null ? decision.Reason : $"{decision.Reason}; postponed from {closedOn}";
                reason = afterApproval is null ? reason : $"{reason}; after approval of '{afterApproval}'";
                closedOn = null;
                plan.Add(new PlannedAction(day, stored.Invoice.Id, stored.Invoice.Number, stored.Customer?.Name ?? stored.Invoice.CustomerId, decision.StepKey, step.Channel, step.RequiresApproval, stored.Invoice.AmountDue, charges.Interest, charges.FixedCompensation, reason));

                // The road goes on past a step that waits for approval, as if approved the day it is planned, so the
                // admin sees when the call would come; a task still holds the escalation as it does in a real run.
                afterApproval ??= step.RequiresApproval ? decision.StepKey : null;
                taken.Add(new StepTaken(decision.StepKey!, day, Blocking: step.Channel == ReminderChannel.Task));
                planned = true;
            }

            if (!planned)
            {
                var charges = LatePaymentLaw.Compute(stored.Invoice.AmountDue, stored.Invoice.DueDate ?? from, from, connection.LawFor(stored.Customer), connection.Rates, stored.Invoice.Payments);
                plan.Add(new PlannedAction(from, stored.Invoice.Id, stored.Invoice.Number, stored.Customer?.Name ?? stored.Invoice.CustomerId, null, null, false, stored.Invoice.AmountDue, charges.Interest, charges.FixedCompensation, firstReason ?? "nothing to plan"));
            }
        }

        return plan.OrderBy(p => p.Date).ThenBy(p => p.InvoiceNumber, StringComparer.Ordinal).ToList();
    }

    // The planner looks at the day as a run at the window's opening would.
    private static DateTimeOffset Opening(Connection connection, DateOnly day)
    {
        var local = day.ToDateTime(connection.Window.Opens);
        return new DateTimeOffset(local, connection.TimeZone.GetUtcOffset(local));
    }
}
