namespace Relance.Ledger;

/// <summary>Where a step occurrence stands. Sending follows claim → send → confirm.</summary>
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

    /// <summary>Decided, waiting for an admin's approval before anything is sent (e.g. a formal notice).</summary>
    AwaitingApproval,

    /// <summary>Approved by an admin: the next run sends it.</summary>
    Approved,

    /// <summary>Rejected by an admin: never sent; the escalation goes on past it.</summary>
    Rejected,

    /// <summary>A task for a person (phone call, hand-off), holding the escalation until done or timed out.</summary>
    TaskOpen,

    /// <summary>The task was done.</summary>
    TaskDone,
}
