namespace Relance.Ledger;

/// <summary>Where a reminder action stands in the claim → send → confirm protocol.</summary>
public enum ActionState
{
    /// <summary>Claimed by a run that has not yet confirmed the send. After a crash: maybe sent, maybe not.</summary>
    Claimed,

    /// <summary>Delivered (confirmed by the channel).</summary>
    Sent,

    /// <summary>The channel refused it for certain; the next run may claim it again.</summary>
    Failed,

    /// <summary>A crash left the send unconfirmed on a channel that cannot be safely repeated: reported, not retried.</summary>
    Unsure,
}
