namespace Relance.Delivery;

/// <summary>A rendered reminder: the template's first line is the subject, the rest the body.</summary>
public sealed record RenderedMessage(string Subject, string Body);
