using Relance.Connectors;
using Relance.Domain;

namespace Relance.Engine.Dunning;

/// <summary>One line of a plan: what would happen to an invoice on a day, and why.</summary>
/// <param name="StepKey">Null when nothing happens to the invoice in the planned period.</param>
public sealed record PlannedAction(
    DateOnly Date,
    string InvoiceId,
    string InvoiceNumber,
    string Customer,
    string? StepKey,
    ReminderChannel? Channel,
    bool NeedsApproval,
    Money AmountDue,
    Money Interest,
    Money Indemnity,
    string Reason);
