using Relance.Delivery;
using Relance.Domain.Law;

namespace Relance.Engine.Dunning;

/// <summary>A rendered reminder, its attachments (the formal notice PDF) and the charges it states.</summary>
public sealed record ComposedReminder(RenderedMessage Message, IReadOnlyList<EmailAttachment> Attachments, LatePaymentCharges Charges);
