namespace Relance.Ledger;

/// <summary>Whether the status note for an action has been written back into the platform.</summary>
public enum NoteState
{
    None,
    Pending,
    Written,
    Failed,

    /// <summary>An earlier attempt may have landed and the platform cannot be searched for it: a person checks.</summary>
    Unsure,
}
