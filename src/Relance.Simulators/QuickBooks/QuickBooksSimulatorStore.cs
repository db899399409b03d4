using System.Globalization;

namespace Relance.Simulators.QuickBooks;

/// <summary>The QuickBooks simulator's company data; thread-safe. Every change bumps SyncToken and LastUpdated.</summary>
public sealed class QuickBooksSimulatorStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, QbCustomer> _customers = [];
    private readonly SortedDictionary<long, QbInvoice> _invoices = [];
    private readonly List<QbPayment> _payments = [];
    private readonly List<(DateTimeOffset At, string InvoiceId, decimal Amount)> _scheduled = [];
    private readonly List<QbRequest> _requests = [];
    private readonly List<QbSentEmail> _sent = [];
    private readonly List<QbChange> _changes = [];
    private long _nextId = 5000;

    public TimeProvider Clock => clock;

    public IReadOnlyList<QbInvoice> Invoices => Locked(() => { ApplyScheduled(); return _invoices.Values.ToList(); });

    public IReadOnlyList<QbCustomer> Customers => Locked(() => _customers.Values.ToList());

    public IReadOnlyList<QbPayment> Payments => Locked(() => { ApplyScheduled(); return _payments.ToList(); });

    public IReadOnlyList<QbRequest> Requests => Locked(() => _requests.ToList());

    public IReadOnlyList<QbSentEmail> SentEmails => Locked(() => _sent.ToList());

    /// <summary>What a webhook would have notified, oldest first.</summary>
    public IReadOnlyList<QbChange> Changes => Locked(() => { ApplyScheduled(); return _changes.ToList(); });

    public QbInvoice? FindInvoice(string id) => Locked(() => { ApplyScheduled(); return long.TryParse(id, out var n) ? _invoices.GetValueOrDefault(n) : null; });

    public QbCustomer? FindCustomer(string id) => Locked(() => long.TryParse(id, out var n) ? _customers.GetValueOrDefault(n) : null);

    public QbCustomer AddCustomer(QbCustomer customer, DateTimeOffset? at = null) => Locked(() =>
    {
        customer.Created = customer.LastUpdated = at ?? clock.GetUtcNow();
        _customers[long.Parse(customer.Id, CultureInfo.InvariantCulture)] = customer;
        return customer;
    });

    public QbInvoice AddInvoice(QbInvoice invoice, DateTimeOffset? at = null) => Locked(() =>
    {
        invoice.Created = invoice.LastUpdated = at ?? clock.GetUtcNow();
        _invoices[long.Parse(invoice.Id, CultureInfo.InvariantCulture)] = invoice;
        if (at is null)
        {
            _changes.Add(new QbChange("Invoice", invoice.Id, "Create", invoice.LastUpdated));
        }

        return invoice;
    });

    /// <summary>Creates a new invoice now, as the bookkeeper would.</summary>
    public QbInvoice CreateInvoice(string customerId, decimal total, DateOnly dueDate) => Locked(() =>
    {
        var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var customer = _customers[long.Parse(customerId, CultureInfo.InvariantCulture)];
        return AddInvoice(new QbInvoice { Id = id, DocNumber = id, CustomerId = customerId, TxnDate = today, DueDate = dueDate, Currency = customer.Currency, TotalAmt = total, Balance = total });
    });

    /// <summary>Records a payment now (the whole balance by default): a Payment entity, the invoice's balance falls.</summary>
    public QbPayment Pay(string invoiceId, decimal? amount = null) => Locked(() => PayLocked(invoiceId, amount, clock.GetUtcNow()));

    public void SchedulePayment(string invoiceId, DateTimeOffset at, decimal amount) => Locked(() => { _scheduled.Add((at, invoiceId, amount)); return 0; });

    /// <summary>Voids an invoice: QuickBooks keeps it with zero amounts and "Voided" in the private note.</summary>
    public void Void(string invoiceId) => Update(invoiceId, i =>
    {
        i.Voided = true;
        i.TotalAmt = 0m;
        i.Balance = 0m;
        i.PrivateNote = string.IsNullOrEmpty(i.PrivateNote) ? "Voided" : "Voided - " + i.PrivateNote;
    }, "Void");

    public void Delete(string invoiceId) => Update(invoiceId, i => i.Deleted = true, "Delete");

    /// <summary>Applies a change as a QuickBooks user would (bumps SyncToken and LastUpdated).</summary>
    public void Update(string invoiceId, Action<QbInvoice> change, string operation = "Update") => Locked(() =>
    {
        var invoice = _invoices[long.Parse(invoiceId, CultureInfo.InvariantCulture)];
        change(invoice);
        Touch(invoice, operation);
        return 0;
    });

    public void UpdateCustomer(string customerId, Action<QbCustomer> change) => Locked(() =>
    {
        var customer = _customers[long.Parse(customerId, CultureInfo.InvariantCulture)];
        change(customer);
        customer.SyncToken++;
        customer.LastUpdated = clock.GetUtcNow();
        _changes.Add(new QbChange("Customer", customer.Id, "Update", customer.LastUpdated));
        return 0;
    });

    public void ClearRequests() => Locked(() => { _requests.Clear(); return 0; });

    internal void Record(QbRequest request) => Locked(() => { _requests.Add(request); return 0; });

    internal void RecordSent(QbSentEmail email) => Locked(() => { _sent.Add(email); return 0; });

    internal void Touch(QbInvoice invoice, string operation)
    {
        invoice.SyncToken++;
        invoice.LastUpdated = clock.GetUtcNow();
        _changes.Add(new QbChange("Invoice", invoice.Id, operation, invoice.LastUpdated));
    }

    internal int SentOn(DateOnly day) => _sent.Count(s => DateOnly.FromDateTime(s.At.UtcDateTime) == day);

    internal T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    internal void ApplyScheduled()
    {
        var now = clock.GetUtcNow();
        foreach (var due in _scheduled.Where(s => s.At <= now).OrderBy(s => s.At).ToList())
        {
            _scheduled.Remove(due);
            if (_invoices.TryGetValue(long.Parse(due.InvoiceId, CultureInfo.InvariantCulture), out var invoice) && invoice.Balance > 0m && !invoice.Deleted)
            {
                PayLocked(due.InvoiceId, Math.Min(due.Amount, invoice.Balance), due.At);
            }
        }
    }

    /// <summary>A part-payment made before the simulation (no change logged): a Payment entity linked to the invoice.</summary>
    public QbPayment SeedPayment(string invoiceId, decimal amount, DateOnly date) => Locked(() =>
    {
        var invoice = _invoices[long.Parse(invoiceId, CultureInfo.InvariantCulture)];
        var payment = new QbPayment((_nextId++).ToString(CultureInfo.InvariantCulture), invoice.CustomerId, invoiceId, amount, date, invoice.LastUpdated);
        _payments.Add(payment);
        return payment;
    });

    /// <summary>The payments linked to an invoice (its <c>LinkedTxn</c>).</summary>
    public IReadOnlyList<QbPayment> PaymentsOf(string invoiceId) => Locked(() => _payments.Where(p => p.InvoiceId == invoiceId).ToList());

    private QbPayment PayLocked(string invoiceId, decimal? amount, DateTimeOffset at)
    {
        var invoice = _invoices[long.Parse(invoiceId, CultureInfo.InvariantCulture)];
        var paid = amount ?? invoice.Balance;
        invoice.Balance -= paid;
        invoice.SyncToken++;
        invoice.LastUpdated = at;
        var payment = new QbPayment((_nextId++).ToString(CultureInfo.InvariantCulture), invoice.CustomerId, invoiceId, paid, DateOnly.FromDateTime(at.UtcDateTime), at);
        _payments.Add(payment);
        _changes.Add(new QbChange("Payment", payment.Id, "Create", at));
        _changes.Add(new QbChange("Invoice", invoiceId, "Update", at));
        return payment;
    }
}
