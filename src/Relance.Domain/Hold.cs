namespace Relance.Domain;

/// <summary>Why an invoice is on hold even though a step is due.</summary>
public enum HoldKind
{
    Disputed,
    PromiseToPay,
    PaymentPlan,
    Paused,
    CollectionProcedure,
    NeverRemind,
    PlatformReminders,

    /// <summary>
    /// Nobody can be written to (no billing e-mail address): one thing for a person to fix, not a failure every day.
    /// Lifted by itself once a sync brings an address.
    /// </summary>
    ContactMissing,

    /// <summary>
    /// A reminder for this customer failed to render (a template error only a person can fix): its reminders wait,
    /// one admin item instead of a failure every day, until <c>relance retry</c>.
    /// </summary>
    TemplateBroken,

    /// <summary>The customer answered a reminder (read from the reply mailbox): the escalation waits a few days.</summary>
    CustomerReplied,
}

/// <summary>A hold on an invoice or its customer, open-ended when <see cref="Until"/> is null (inclusive).</summary>
public sealed record Hold(HoldKind Kind, string Reason, DateOnly? Until = null)
{
    /// <summary>A hold only a person can lift by fixing something (listed by <c>pending</c> and the digest as "to fix").</summary>
    public static bool NeedsAPerson(string kind) => kind is nameof(HoldKind.ContactMissing) or nameof(HoldKind.TemplateBroken);

    public bool AppliesOn(DateOnly day) => Until is null || day <= Until;
}
