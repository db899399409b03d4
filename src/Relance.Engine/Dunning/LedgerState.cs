using Relance.Domain;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Dunning;

/// <summary>What the ledger knows about a connection's open invoices, turned into the schedule's situations.</summary>
internal sealed class LedgerState
{
    private readonly Connection _connection;
    private readonly DateOnly _today;
    private readonly ILookup<string, TakenStep> _takenByInvoice;
    private readonly Dictionary<string, DateOnly> _lastContactByCustomer;
    private readonly IReadOnlyDictionary<string, DateTimeOffset> _partials;
    private readonly IReadOnlyList<HoldRecord> _holds;

    public LedgerState(Connection connection, DateOnly today, IReadOnlyList<StoredInvoice> open, IReadOnlyList<TakenStep> taken, IReadOnlyDictionary<string, DateTimeOffset> partials, IReadOnlyList<HoldRecord> holds)
    {
        _connection = connection;
        _today = today;
        Open = open;
        _partials = partials;
        _holds = holds;
        _takenByInvoice = taken.ToLookup(t => t.InvoiceId, StringComparer.Ordinal);
        _lastContactByCustomer = taken
            .Where(t => t.State is ActionState.Sent or ActionState.Claimed or ActionState.Unsure)
            .GroupBy(t => t.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(t => LocalDay(t.ClaimedAt)), StringComparer.Ordinal);
    }

    public IReadOnlyList<StoredInvoice> Open { get; }

    public InvoiceSituation Situation(StoredInvoice stored)
    {
        var invoice = stored.Invoice;
        var taken = _takenByInvoice[invoice.Id].Select(t => new StepTaken(t.Step, LocalDay(t.ClaimedAt), Blocking(t), Waiting(t))).ToList();
        var holds = DunningService.AdminHolds(_holds, invoice, _today).Concat(_connection.TagHolds(invoice, stored.Customer)).ToList();
        return new InvoiceSituation(
            invoice,
            taken,
            _partials.TryGetValue(invoice.Id, out var paid) ? LocalDay(paid) : null,
            _lastContactByCustomer.TryGetValue(invoice.CustomerId, out var contact) ? contact : null,
            holds);
    }

    // Approval pending, or approved and not yet sent, or a task still within its time, or a send nobody knows went
    // out: the escalation waits. A firmer step after an unsure one would cite a reminder that may never have left.
    private bool Blocking(TakenStep step) => step.State switch
    {
        ActionState.AwaitingApproval or ActionState.Approved or ActionState.Unsure => true,
        ActionState.TaskOpen => LocalDay(step.ClaimedAt).AddDays(_connection.TaskTimeoutDays) > _today,
        _ => false,
    };

    private static string? Waiting(TakenStep step) => step.State == ActionState.Unsure
        ? "an unsure send: say whether it went out with `relance resolve <action> --sent` or `--not-sent`"
        : null;

    private DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _connection.TimeZone).DateTime);
}
