namespace Relance.Simulators.Axonaut;

/// <summary>The Axonaut simulator's data; thread-safe.</summary>
public sealed class AxonautSimulatorStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, AxCompany> _companies = [];
    private readonly SortedDictionary<long, AxInvoice> _invoices = [];
    private readonly List<AxPayment> _payments = [];
    private readonly List<(DateTimeOffset At, long InvoiceId, decimal Amount)> _scheduled = [];
    private readonly List<AxEvent> _events = [];
    private readonly List<AxRequest> _requests = [];
    private long _nextId = 90_000;

    public TimeProvider Clock => clock;

    public IReadOnlyList<AxInvoice> Invoices => Locked(() => { ApplyScheduled(); return _invoices.Values.ToList(); });

    public IReadOnlyList<AxCompany> Companies => Locked(() => _companies.Values.ToList());

    public IReadOnlyList<AxEvent> Events => Locked(() => _events.ToList());

    public IReadOnlyList<AxRequest> Requests => Locked(() => _requests.ToList());

    public AxInvoice? FindInvoice(long id) => Locked(() => { ApplyScheduled(); return _invoices.GetValueOrDefault(id); });

    public AxCompany? FindCompany(long id) => Locked(() => _companies.GetValueOrDefault(id));

    public IReadOnlyList<AxPayment> Payments => Locked(() => { ApplyScheduled(); return _payments.OrderBy(p => p.Id).ToList(); });

    public IReadOnlyList<AxPayment> PaymentsOf(long invoiceId) => Locked(() => _payments.Where(p => p.InvoiceId == invoiceId).ToList());

    public void AddCompany(AxCompany company) => Locked(() => _companies[company.Id] = company);

    public void AddInvoice(AxInvoice invoice, DateTimeOffset? at = null) => Locked(() =>
    {
        invoice.LastUpdate = at ?? clock.GetUtcNow();
        return _invoices[invoice.Id] = invoice;
    });

    /// <summary>Records a payment now (the whole outstanding amount by default).</summary>
    public void Pay(long invoiceId, decimal? amount = null) => Locked(() => PayLocked(invoiceId, amount, clock.GetUtcNow()));

    /// <summary>A payment that happened before the simulation: no change is logged.</summary>
    public void SeedPayment(long invoiceId, decimal amount, DateOnly date) => Locked(() =>
    {
        var invoice = _invoices[invoiceId];
        invoice.Paid += amount;
        _payments.Add(new AxPayment(_nextId++, invoiceId, amount, date));
        if (invoice.Outstanding <= 0m)
        {
            invoice.PaidDate = date;
        }

        return 0;
    });

    public void SchedulePayment(long invoiceId, DateTimeOffset at, decimal amount) => Locked(() => { _scheduled.Add((at, invoiceId, amount)); return 0; });

    public AxEvent AddEvent(long companyId, int nature, string title, string content, DateTimeOffset date, IReadOnlyList<long> invoiceIds) => Locked(() =>
    {
        var created = new AxEvent(_nextId++, companyId, nature, title, content, date, invoiceIds);
        _events.Add(created);
        return created;
    });

    public void ClearRequests() => Locked(() => { _requests.Clear(); return 0; });

    internal void Record(AxRequest request) => Locked(() => { _requests.Add(request); return 0; });

    internal T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    private int PayLocked(long invoiceId, decimal? amount, DateTimeOffset at)
    {
        if (!_invoices.TryGetValue(invoiceId, out var invoice))
        {
            return 0;
        }

        var paid = amount ?? invoice.Outstanding;
        invoice.Paid += paid;
        invoice.LastUpdate = at;
        _payments.Add(new AxPayment(_nextId++, invoiceId, paid, DateOnly.FromDateTime(at.UtcDateTime)));
        if (invoice.Outstanding <= 0m)
        {
            invoice.PaidDate = DateOnly.FromDateTime(at.UtcDateTime);
        }

        return 1;
    }

    private void ApplyScheduled()
    {
        var now = clock.GetUtcNow();
        foreach (var due in _scheduled.Where(s => s.At <= now).OrderBy(s => s.At).ToList())
        {
            _scheduled.Remove(due);
            PayLocked(due.InvoiceId, due.Amount, due.At);
        }
    }
}
