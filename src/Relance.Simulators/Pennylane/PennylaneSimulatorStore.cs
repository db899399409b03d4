namespace Relance.Simulators.Pennylane;

/// <summary>
/// The simulator's data. Every mutation goes through here so the changelogs stay truthful. Thread-safe.
/// </summary>
public sealed class PennylaneSimulatorStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, SimInvoice> _invoices = [];
    private readonly SortedDictionary<long, SimCustomer> _customers = [];
    private readonly List<SimChange> _invoiceChanges = [];
    private readonly List<SimChange> _customerChanges = [];
    private readonly List<SimComment> _comments = [];
    private readonly List<SimSend> _sends = [];
    private readonly List<SimScheduledPayment> _scheduled = [];
    private readonly List<SimRequest> _requests = [];
    private long _nextCommentId = 1;

    public TimeProvider Clock => clock;

    public IReadOnlyList<SimComment> Comments => Snapshot(_comments);

    public IReadOnlyList<SimSend> Sends => Snapshot(_sends);

    public IReadOnlyList<SimRequest> Requests => Snapshot(_requests);

    public IReadOnlyList<SimScheduledPayment> ScheduledPayments => Snapshot(_scheduled);

    public IReadOnlyList<SimInvoice> Invoices
    {
        get
        {
            lock (_gate)
            {
                ApplyScheduled();
                return _invoices.Values.ToList();
            }
        }
    }

    public IReadOnlyList<SimCustomer> Customers
    {
        get
        {
            lock (_gate)
            {
                return _customers.Values.ToList();
            }
        }
    }

    public SimInvoice? FindInvoice(long id)
    {
        lock (_gate)
        {
            ApplyScheduled();
            return _invoices.GetValueOrDefault(id);
        }
    }

    public SimCustomer? FindCustomer(long id)
    {
        lock (_gate)
        {
            return _customers.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds a customer; logs an insert at <paramref name="at"/> (defaults to now).</summary>
    public void AddCustomer(SimCustomer customer, DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            var when = at ?? clock.GetUtcNow();
            customer.UpdatedAt = when;
            _customers[customer.Id] = customer;
            _customerChanges.Add(new SimChange(customer.Id, "insert", when));
        }
    }

    public void AddInvoice(SimInvoice invoice, DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            var when = at ?? clock.GetUtcNow();
            invoice.UpdatedAt = when;
            _invoices[invoice.Id] = invoice;
            _invoiceChanges.Add(new SimChange(invoice.Id, "insert", when));
        }
    }

    /// <summary>Changes an invoice as a user would in Pennylane; logs an update now.</summary>
    public void UpdateInvoice(long id, Action<SimInvoice> change)
    {
        lock (_gate)
        {
            var invoice = _invoices[id];
            change(invoice);
            Touch(invoice);
        }
    }

    public void UpdateCustomer(long id, Action<SimCustomer> change)
    {
        lock (_gate)
        {
            var customer = _customers[id];
            change(customer);
            customer.UpdatedAt = clock.GetUtcNow();
            _customerChanges.Add(new SimChange(id, "update", customer.UpdatedAt));
        }
    }

    /// <summary>Records a payment now (partial when less than what is owed).</summary>
    public void Pay(long id, decimal? amount = null) => UpdateInvoice(id, i => i.Remaining = Math.Max(0m, i.Remaining - (amount ?? i.Remaining)));

    public void DeleteInvoice(long id)
    {
        lock (_gate)
        {
            _invoices.Remove(id);
            _invoiceChanges.Add(new SimChange(id, "delete", clock.GetUtcNow()));
        }
    }

    public void SchedulePayment(SimScheduledPayment payment)
    {
        lock (_gate)
        {
            _scheduled.Add(payment);
        }
    }

    public IReadOnlyList<SimChange> InvoiceChanges(DateTimeOffset since) => Changes(_invoiceChanges, since);

    public IReadOnlyList<SimChange> CustomerChanges(DateTimeOffset since) => Changes(_customerChanges, since);

    public SimComment AddComment(long invoiceId, string content)
    {
        lock (_gate)
        {
            var comment = new SimComment(_nextCommentId++, invoiceId, content, clock.GetUtcNow());
            _comments.Add(comment);
            return comment;
        }
    }

    public void AddSend(long invoiceId, IReadOnlyList<string> recipients)
    {
        lock (_gate)
        {
            _sends.Add(new SimSend(invoiceId, recipients, clock.GetUtcNow()));
        }
    }

    internal void Record(SimRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    private IReadOnlyList<SimChange> Changes(List<SimChange> changes, DateTimeOffset since)
    {
        lock (_gate)
        {
            ApplyScheduled();
            return changes.Where(c => c.ProcessedAt >= since).OrderBy(c => c.ProcessedAt).ThenBy(c => c.Id).ToList();
        }
    }

    // Payments scheduled by the seed happen when the (simulated) clock reaches them, as a bank feed would.
    private void ApplyScheduled()
    {
        var now = clock.GetUtcNow();
        foreach (var payment in _scheduled.Where(p => p.At <= now).OrderBy(p => p.At).ToList())
        {
            _scheduled.Remove(payment);
            if (_invoices.TryGetValue(payment.InvoiceId, out var invoice))
            {
                invoice.Remaining = Math.Max(0m, invoice.Remaining - payment.Amount);
                invoice.UpdatedAt = payment.At;
                _invoiceChanges.Add(new SimChange(invoice.Id, "update", payment.At));
            }
        }
    }

    private void Touch(SimInvoice invoice)
    {
        invoice.UpdatedAt = clock.GetUtcNow();
        _invoiceChanges.Add(new SimChange(invoice.Id, "update", invoice.UpdatedAt));
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
