namespace Relance.Ledger;

/// <summary>Whether the status note for an action has been written back into the platform.</summary>
public enum NoteState
{
    None,
    Pending,
    Written,
    Failed,
}
