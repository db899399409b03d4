namespace Relance.Engine.Reporting;

/// <summary>The figures finance asks for, per currency (amounts in different currencies are never added up).</summary>
public sealed record ReceivablesReport(
    DateOnly AsOf,
    IReadOnlyList<CurrencyFigures> Currencies,
    IReadOnlyList<AgingBucket> Aging,
    IReadOnlyList<LatePayer> TopLatePayers,
    IReadOnlyList<ChronicLatePayer> ChronicLatePayers,
    IReadOnlyList<StepEffect> Steps,
    IReadOnlyList<PayerDelay> SlowestPayers)
{
    public const string DsoFormula = "DSO (countback) = the days of most recent invoicing the open receivables amount to: whole months back from today while the open amount exceeds what they invoiced, then the share of the next month; invoices paid in the history window (PaidHistoryMonths) count as invoiced";

    public const string UnpaidRateFormula = "unpaid rate = overdue amount / open amount";

    public const string LateRule = "late = still open after the due date, or paid after it (the platform's payment date, else the day Relance saw it paid)";

    public const string DaysLateRule = "days late = payment date − due date (0 when paid on time), over the invoices paid with a known payment date";
}

/// <param name="DsoDays">Countback DSO; 0 with nothing open.</param>
/// <param name="DsoAtLeast">The open amount exceeds all the invoicing the ledger holds (13 months back): DSO is at least <paramref name="DsoDays"/>.</param>
public sealed record CurrencyFigures(string Currency, decimal Open, decimal Overdue, decimal InvoicedLast90Days, decimal? DsoDays, decimal? UnpaidRatePercent, bool DsoAtLeast = false);

/// <summary>Open invoices by days past due: "not due", "1-30", "31-60", "61-90", ">90".</summary>
public sealed record AgingBucket(string Bucket, string Currency, int Count, decimal Amount);

public sealed record LatePayer(string CustomerId, string Customer, string Currency, decimal Overdue, int OverdueInvoices);

/// <summary>A customer who paid late (or is late) on at least N of their last M invoices.</summary>
public sealed record ChronicLatePayer(string CustomerId, string Customer, int LateInvoices, int OfLast);

/// <summary>How many invoices got a step, and what share of them is paid since.</summary>
public sealed record StepEffect(string Step, int Reminded, int PaidSince, decimal PaidSharePercent);

/// <summary>A customer's average delay over its paid invoices whose payment date is known.</summary>
public sealed record PayerDelay(string CustomerId, string Customer, int PaidInvoices, decimal AverageDaysLate, int PaidLate);
