namespace Relance.Engine.Dunning;

/// <summary>What happened to one invoice in a dunning run.</summary>
public enum OutcomeKind
{
    Sent,

    /// <summary>A stop rule held on the fresh state (paid since the last sync, cancelled...).</summary>
    Skipped,

    /// <summary>Another run (or host) already owns this step.</summary>
    AlreadyDone,

    Failed,

    /// <summary>A crash left an earlier send unconfirmed; reported instead of repeated.</summary>
    Unsure,

    /// <summary>Due, but the sending window is closed (night, weekend, holiday): the next open run sends it.</summary>
    Postponed,

    /// <summary>Decided and waiting for an admin's approval (e.g. a formal notice).</summary>
    AwaitingApproval,

    /// <summary>A task for a person was opened (phone call, hand-off).</summary>
    TaskOpened,
}
