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
}

/// <summary>A hold on an invoice or its customer, open-ended when <see cref="Until"/> is null (inclusive).</summary>
public sealed record Hold(HoldKind Kind, string Reason, DateOnly? Until = null)
{
    public bool AppliesOn(DateOnly day) => Until is null || day <= Until;
}
