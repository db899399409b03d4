using System.Globalization;

namespace Relance.Domain;

/// <summary>
/// An agreed payment plan (échéancier): instalments on dates. While the customer keeps to it, reminders wait for the
/// next instalment; once an instalment is missed (past its date plus a few days of grace), the escalation resumes.
/// </summary>
/// <param name="AmountDueAtStart">What was owed when the plan was agreed, to measure what has been paid since.</param>
public sealed record PaymentPlan(IReadOnlyList<Instalment> Instalments, decimal AmountDueAtStart, int GraceDays = 3)
{
    /// <summary>The hold the plan puts on the invoice today, or null when it was broken (or is over).</summary>
    public Hold? HoldOn(DateOnly today, decimal amountDueNow)
    {
        if (FirstMissed(today, amountDueNow) is not null)
        {
            return null;
        }

        var next = Instalments.Where(i => i.Date.AddDays(GraceDays) >= today).MinBy(i => i.Date);
        return next is null
            ? null
            : new Hold(HoldKind.PaymentPlan, string.Create(CultureInfo.InvariantCulture, $"payment plan: next instalment {next.Amount:0.00} on {next.Date:yyyy-MM-dd}"), next.Date.AddDays(GraceDays));
    }

    /// <summary>Why the plan no longer holds, for explanations.</summary>
    public string? BrokenReason(DateOnly today, decimal amountDueNow) =>
        FirstMissed(today, amountDueNow) is { } missed
            ? string.Create(CultureInfo.InvariantCulture, $"payment plan broken: instalment of {missed.Instalment.Date:yyyy-MM-dd} missed ({missed.Paid:0.00} paid of {missed.Expected:0.00} expected)")
            : null;

    // The first instalment past its grace period that what has been paid since the start does not cover.
    private (Instalment Instalment, decimal Paid, decimal Expected)? FirstMissed(DateOnly today, decimal amountDueNow)
    {
        var paidSince = AmountDueAtStart - amountDueNow;
        var expected = 0m;
        foreach (var instalment in Instalments.OrderBy(i => i.Date))
        {
            expected += instalment.Amount;
            if (instalment.Date.AddDays(GraceDays) < today && paidSince < expected)
            {
                return (instalment, paidSince, expected);
            }
        }

        return null;
    }
}

public sealed record Instalment(DateOnly Date, decimal Amount);
