namespace Relance.Engine.Inbox;

/// <summary>How a message was classified and why, with what it points at.</summary>
/// <param name="Reason">The evidence, in a few words (the header or status that decided).</param>
/// <param name="FailedRecipients">For a bounce: the addresses it reports as failed.</param>
/// <param name="Status">For a bounce: the first failed recipient's status code (5.1.1…).</param>
/// <param name="ReferencedMessageIds">Message-Ids it refers to: In-Reply-To and References, or, for a bounce, the returned message's.</param>
/// <param name="Hint">For a reply: what its words suggest (never applied without the admin, unless a policy opts in).</param>
public sealed record InboxVerdict(
    InboxKind Kind,
    string Reason,
    IReadOnlyList<string> FailedRecipients,
    string? Status,
    IReadOnlyList<string> ReferencedMessageIds,
    ReplyHint? Hint);
