namespace Relance.Domain;

/// <summary>An ordered escalation schedule shared by the connections that name it.</summary>
/// <param name="MinimumAmountDue">Invoices owing less than this are left alone.</param>
public sealed record DunningPolicy(string Name, IReadOnlyList<PolicyStep> Steps, decimal MinimumAmountDue = 0m);
