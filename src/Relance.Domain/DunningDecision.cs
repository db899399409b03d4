namespace Relance.Domain;

/// <summary>What the schedule says about one invoice on one day, and why.</summary>
/// <param name="Step">The step to perform now, or null when nothing is due.</param>
/// <param name="Reason">Plain-language explanation, shown in logs, reports and plans.</param>
public sealed record DunningDecision(string InvoiceId, PolicyStep? Step, string Reason)
{
    public bool IsDue => Step is not null;

    public static DunningDecision Nothing(string invoiceId, string reason) => new(invoiceId, null, reason);
}
