namespace Relance.Engine.Reporting;

/// <summary>The figures finance asks for, per currency (amounts in different currencies are never added up).</summary>
public sealed record ReceivablesReport(
    DateOnly AsOf,
    IReadOnlyList<CurrencyFigures> Currencies,
    IReadOnlyList<AgingBucket> Aging,
    IReadOnlyList<LatePayer> TopLatePayers,
    IReadOnlyList<ChronicLatePayer> ChronicLatePayers,
    IReadOnlyList<StepEffect> Steps)
{
    public const string DsoFormula = "DSO = open receivables / amount invoiced over the last 90 days × 90 (invoices seen by Relance)";

    public const string UnpaidRateFormula = "unpaid rate = overdue amount / open amount";

    public const string LateRule = "late = still open after the due date, or seen closed (paid) by Relance after it";
}

/// <param name="DsoDays">Null when nothing was invoiced over the last 90 days.</param>
public sealed record CurrencyFigures(string Currency, decimal Open, decimal Overdue, decimal InvoicedLast90Days, decimal? DsoDays, decimal? UnpaidRatePercent);

/// <summary>Open invoices by days past due: "not due", "1-30", "31-60", "61-90", ">90".</summary>
public sealed record AgingBucket(string Bucket, string Currency, int Count, decimal Amount);

public sealed record LatePayer(string CustomerId, string Customer, string Currency, decimal Overdue, int OverdueInvoices);

/// <summary>A customer who paid late (or is late) on at least N of their last M invoices.</summary>
public sealed record ChronicLatePayer(string CustomerId, string Customer, int LateInvoices, int OfLast);

/// <summary>How many invoices got a step, and what share of them is paid since.</summary>
public sealed record StepEffect(string Step, int Reminded, int PaidSince, decimal PaidSharePercent);
