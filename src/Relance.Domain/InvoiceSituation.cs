using Relance.Connectors;

namespace Relance.Domain;

/// <summary>Everything the schedule looks at for one invoice on one day. Built by the engine from the ledger.</summary>
/// <param name="Taken">Step occurrences already in the ledger for this invoice.</param>
/// <param name="PartialPaymentOn">The last day the amount due went down without reaching zero, if any.</param>
/// <param name="LastContactWithCustomer">The last day any reminder reached this customer, for the minimum gap.</param>
/// <param name="Holds">Disputes, promises, pauses, procedures that apply to this invoice or its customer.</param>
public sealed record InvoiceSituation(
    Invoice Invoice,
    IReadOnlyList<StepTaken> Taken,
    DateOnly? PartialPaymentOn = null,
    DateOnly? LastContactWithCustomer = null,
    IReadOnlyList<Hold>? Holds = null);
