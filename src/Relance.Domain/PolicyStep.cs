namespace Relance.Domain;

/// <summary>One rung of the escalation ladder.</summary>
/// <param name="Name">Stable identifier, part of the ledger's unique key: renaming a step re-arms it.</param>
/// <param name="OffsetDays">Days relative to the due date (negative: before it).</param>
/// <param name="Template">Template name, rendered in the customer's language.</param>
/// <param name="RepeatEveryDays">Repeat every N days until the next step's date (the last step: until paid).</param>
/// <param name="RequiresApproval">The step waits as "awaiting approval" until an admin approves it.</param>
/// <param name="MinimumAmountDue">This step only for invoices owing at least this much.</param>
/// <param name="RequiresPriorReminders">
/// Earlier steps that must have actually been sent for this invoice before this one may go; null: 1 for a formal
/// notice and a hand-off task (neither is ever a first contact), 0 otherwise.
/// </param>
public sealed record PolicyStep(
    string Name,
    int OffsetDays,
    string Template,
    ReminderChannel Channel = ReminderChannel.Email,
    Tone Tone = Tone.Friendly,
    int? RepeatEveryDays = null,
    bool RequiresApproval = false,
    decimal MinimumAmountDue = 0m,
    int? RequiresPriorReminders = null)
{
    public int PriorRemindersNeeded => RequiresPriorReminders ?? (Channel is ReminderChannel.FormalNotice or ReminderChannel.Task ? 1 : 0);

    public bool IsAfterDue => OffsetDays >= 0;

    /// <summary>The ledger key of the <paramref name="occurrence"/>-th sending of this step (1 = first).</summary>
    public string KeyFor(int occurrence) => occurrence <= 1 ? Name : $"{Name}#{occurrence}";
}
