using Relance.Connectors;

namespace Relance.Engine.Dunning;

/// <summary>One line of a dunning run's report.</summary>
public sealed record DunningOutcome(
    string Connection,
    string InvoiceId,
    string InvoiceNumber,
    string Customer,
    Money AmountDue,
    int DaysLate,
    string? Step,
    OutcomeKind Kind,
    string Detail,
    bool NoteWritten);
