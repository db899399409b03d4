namespace Relance.Delivery;

/// <summary>A file attached to a reminder (the formal notice as PDF).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
