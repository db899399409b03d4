namespace Relance.Connectors;

/// <summary>What a note written back into the platform records.</summary>
public enum NoteKind
{
    /// <summary>A reminder went out (connectors may log it as an e-mail entry linked to the invoice).</summary>
    ReminderSent,

    /// <summary>Any other status change (skip, pause, hand-off...).</summary>
    Status,
}
