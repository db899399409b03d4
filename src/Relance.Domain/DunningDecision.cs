namespace Relance.Domain;

/// <summary>What the schedule says about one invoice on one day, and why.</summary>
/// <param name="Step">The step to perform now, or null when nothing is due.</param>
/// <param name="StepKey">The ledger key of the occurrence to perform ("firm", "firm#2"...).</param>
/// <param name="Reason">Plain-language explanation, shown in logs, reports and plans.</param>
/// <param name="NextStepOn">When something will next be due, when known.</param>
public sealed record DunningDecision(string InvoiceId, PolicyStep? Step, string? StepKey, string Reason, DateOnly? NextStepOn = null)
{
    public bool IsDue => Step is not null;

    public static DunningDecision Nothing(string invoiceId, string reason, DateOnly? next = null) => new(invoiceId, null, null, reason, next);
}
