namespace Relance.Domain;

/// <summary>One rung of the escalation ladder.</summary>
/// <param name="Name">Stable identifier, part of the ledger's unique key: renaming a step re-arms it.</param>
/// <param name="OffsetDays">Days relative to the due date (negative: before it).</param>
/// <param name="Template">Template name, rendered in the customer's language.</param>
public sealed record PolicyStep(string Name, int OffsetDays, string Template, ReminderChannel Channel = ReminderChannel.Email);
