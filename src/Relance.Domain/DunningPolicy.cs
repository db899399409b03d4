namespace Relance.Domain;

/// <summary>An ordered escalation schedule shared by the connections that name it.</summary>
/// <param name="MinimumAmountDue">Invoices owing less than this are left alone.</param>
/// <param name="MinimumDaysBetweenContacts">No two contacts with one customer closer than this, across all their invoices.</param>
/// <param name="PartialPaymentRestartsStep">A partial payment restarts the clock of the step in progress.</param>
/// <param name="GroupByCustomer">One e-mail per customer and run, listing all their invoices due a reminder.</param>
/// <param name="MinimumDaysBetweenSteps">After a step past the due date, the next one waits at least this long after it was actually sent.</param>
/// <param name="Onboarding">How an invoice never contacted enters the escalation (default: at the first reminder).</param>
public sealed record DunningPolicy(
    string Name,
    IReadOnlyList<PolicyStep> Steps,
    decimal MinimumAmountDue = 0m,
    int MinimumDaysBetweenContacts = 0,
    bool PartialPaymentRestartsStep = true,
    bool GroupByCustomer = true,
    int MinimumDaysBetweenSteps = 7,
    Onboarding? Onboarding = null)
{
    public Onboarding Entry => Onboarding ?? new Onboarding();
}
