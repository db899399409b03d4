namespace Relance.Engine.Inbox;

/// <summary>What a message in the reply mailbox is, as far as Relance acts on it.</summary>
public enum InboxKind
{
    /// <summary>A person answered: the escalation waits, the admin is told.</summary>
    Reply,

    /// <summary>An out-of-office or other automatic answer (RFC 3834 headers, known subjects): changes nothing.</summary>
    AutoReply,

    /// <summary>A delivery status notification saying the address does not exist or refuses mail (5.x.x).</summary>
    PermanentBounce,

    /// <summary>A delivery status notification saying delivery is delayed (4.x.x): a log line, nothing more.</summary>
    TemporaryBounce,

    /// <summary>A message from a mail system without a delivery-status part: listed for the admin, never acted on.</summary>
    DeliveryNotice,
}
