namespace Relance.Connectors;

/// <summary>Normalised lifecycle of a receivable, whatever the platform calls it.</summary>
public enum InvoiceStatus
{
    /// <summary>Finalised, nothing paid yet.</summary>
    Open,
    PartiallyPaid,
    Paid,
    Cancelled,
    CreditNote,
    Draft,
}
