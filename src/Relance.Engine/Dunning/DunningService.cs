using System.Globalization;
using Microsoft.Extensions.Logging;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Domain;
using Relance.Domain.Law;
using Relance.Engine.Alerts;
using Relance.Engine.Connections;
using Relance.Engine.Telemetry;
using Relance.Engine.Sync;
using Relance.Ledger;

namespace Relance.Engine.Dunning;

/// <summary>
/// One dunning run for one connection: decide from the ledger, re-read the candidates fresh, then for each
/// reminder claim → send → confirm → write the note back. Steps that need a person (approval, a phone call) are
/// recorded and wait. A failure on one invoice never stops the others.
/// </summary>
public sealed partial class DunningService(
    ConnectionFactory connections,
    IDunningLedger ledger,
    ReminderComposer composer,
    IEmailSender email,
    ConnectionPauses pauses,
    AdminAlerts alerts,
    NoteOutbox outbox,
    RelanceClock clock,
    ILogger<DunningService> logger,
    Health.ConnectionStatus status)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Connection, string Warning, DateOnly Day), byte> _warned = new();

    // Addresses a permanent bounce flagged, per connection, read at the start of each run: never written to again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> _bounced = new(StringComparer.Ordinal);

    public async Task<DunningReport> RunAsync(string connectionName, CancellationToken cancellationToken)
    {
        var connection = await connections.CreateAsync(connectionName, cancellationToken);
        return await RunAsync(connection, cancellationToken);
    }

    public async Task<DunningReport> RunAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await ledger.InitializeAsync(cancellationToken);
        var runId = Guid.NewGuid().ToString("N");
        var today = clock.Today(connection.TimeZone);
        if (await pauses.PausedUntilAsync(connection.Name, cancellationToken) is { } until)
        {
            LogPaused(logger, connection.Name, until);
            return new DunningReport(connection.Name, runId, today, [], until);
        }

        var outcomes = new List<DunningOutcome>();
        using var activity = RelanceTelemetry.StartRun("dunning", connection.Name);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        DunningReport report;
        try
        {
            await using var exclusive = await ExclusiveAsync(connection.Name, cancellationToken);
            _bounced[connection.Name] = await Inbox.InboxService.BouncedAsync(ledger, connection.Name, cancellationToken);
            report = await DunAsync(connection, runId, today, outcomes, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.RetryAfter is { } retryAfter)
        {
            // A quota or a long throttle ends the run where it stood: what was done is recorded (a note not written is
            // retried after the pause), what was not started is still due then.
            await pauses.PauseAsync(connection.Name, retryAfter, cancellationToken);
            LogStoppedByPlatform(logger, connection.Name, retryAfter, ex.Message);
            report = new DunningReport(connection.Name, runId, today, outcomes, retryAfter);
        }

        if (report.PausedUntil is { } pausedUntil)
        {
            await status.FailedAsync(connection.Name, "dunning", Health.ProblemKind.Quota, $"paused by the platform until {pausedUntil:u}", CancellationToken.None);
            await alerts.NotifyAsync(connection.Name, $"The platform's rate limit or quota stopped a dunning run until {pausedUntil:yyyy-MM-dd HH:mm} UTC: the reminders not reached wait until then.", CancellationToken.None);
        }
        else
        {
            await status.SucceededAsync(connection.Name, "dunning", CancellationToken.None);
        }

        RelanceTelemetry.Dunned(report, System.Diagnostics.Stopwatch.GetElapsedTime(started), step => connection.Policy.Steps.FirstOrDefault(s => s.Name == step)?.Channel.ToString() ?? "");
        activity?.SetTag("relance.outcomes", report.Outcomes.Count);
        // Bookkeeping of a run that ended, even on a stop request: what it did is recorded as done.
        if (RelanceTelemetry.Observed)
        {
            await ObserveAsync(connection, today, CancellationToken.None);
        }

        return report;
    }

    // The figures an operator graphs: open and overdue per currency, notes still to write, sends still unsure.
    private async Task ObserveAsync(Connection connection, DateOnly today, CancellationToken cancellationToken)
    {
        var open = await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken);
        var book = open.GroupBy(o => o.Invoice.Currency).Select(g => (g.Key, g.Sum(o => o.Invoice.AmountDue.Amount), g.Where(o => o.Invoice.DueDate < today).Sum(o => o.Invoice.AmountDue.Amount)));
        var actions = await ledger.GetActionsAsync(connection.Name, null, cancellationToken);
        RelanceTelemetry.Observe(connection.Name, book, actions.Count(a => a.NoteState is NoteState.Pending or NoteState.Failed), actions.Count(a => a.State == ActionState.Unsure));
    }

    // One dunning run per connection at a time, across processes and hosts (`run --once` beside the worker, two
    // workers on one data folder): another run's claims in flight would look like a crash's leftovers and be marked
    // unsure, and two runs would split one customer's grouped e-mail into two. A Quartz cluster already runs one job
    // per connection; this holds without one.
    private Task<IAsyncDisposable> ExclusiveAsync(string connection, CancellationToken cancellationToken) =>
        ConnectionLocks.HoldAsync(
            ledger,
            "dunning",
            connection,
            $"Another dunning run of connection '{connection}' is still running (the worker, or another `relance run --once`); this one stopped rather than send beside it. It will be done by the next run.",
            cancellationToken);

    /// <summary>What the schedule decides today for every open invoice, with the reasons — no side effect.</summary>
    public async Task<IReadOnlyList<(StoredInvoice Invoice, DunningDecision Decision)>> PlanAsync(Connection connection, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var state = await SituationsAsync(connection, day, cancellationToken);
        return state.Open.Select(stored => (stored, EscalationSchedule.Decide(state.Situation(stored), connection.PolicyFor(stored.Customer), day, connection.Window))).ToList();
    }

    private async Task<DunningReport> DunAsync(Connection connection, string runId, DateOnly today, List<DunningOutcome> outcomes, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var (_, closedReason) = connection.Window.NextSlot(now);
        var open = connection.Window.IsOpen(now);

        await RecoverDanglingClaimsAsync(connection, runId, outcomes, cancellationToken);
        await RetryPendingNotesAsync(connection, cancellationToken);
        if (open)
        {
            await SendApprovedAsync(connection, runId, today, outcomes, cancellationToken);
        }

        if (await PendingSnapshot.ReadAsync(ledger, connection.Name, cancellationToken) is { First: true } unfinished)
        {
            // Part of the account only: a customer's invoices could be split across two e-mails, and its contacts
            // (read at the end) may be missing. The first reminders wait for the whole picture.
            LogFirstSyncUnfinished(logger, connection.Name, unfinished.Parts);
            return new DunningReport(connection.Name, runId, today, outcomes) { WaitingForFirstSync = true };
        }

        await LiftFixedContactsAsync(connection, cancellationToken);
        var state = await SituationsAsync(connection, today, cancellationToken);
        var due = state.Open
            .Select(stored => (stored, decision: EscalationSchedule.Decide(state.Situation(stored), connection.PolicyFor(stored.Customer), today, connection.Window)))
            .Where(x => x.decision.IsDue)
            .ToList();
        if (due.Count == 0)
        {
            LogNothingDue(logger, connection.Name, state.Open.Count);
            return new DunningReport(connection.Name, runId, today, outcomes);
        }

        if (!open)
        {
            // Nothing is lost: the same occurrence is still the one due at the next run inside the window.
            outcomes.AddRange(due.Select(d => Outcome(connection, d.stored.Invoice, d.stored.Customer, today, d.decision.StepKey, OutcomeKind.Postponed, $"{d.decision.Reason}; window closed ({closedReason})", false)));
            return new DunningReport(connection.Name, runId, today, outcomes);
        }

        // "Paid this morning" must stop the reminder: re-read every candidate, in batches, just before acting.
        var (fresh, unfit, unreached, quotaUntil) = await ReReadAsync(connection, due.Select(d => (d.stored.Invoice.Id, d.stored.Invoice.CustomerId)), cancellationToken);
        if (quotaUntil is { } pausedUntil)
        {
            // What could not be re-read is not sent on a stale copy: it is still due at the next run after the pause.
            outcomes.AddRange(due.Where(d => unreached.Contains(d.stored.Invoice.Id)).Select(d => Outcome(connection, d.stored.Invoice, d.stored.Customer, today, d.decision.StepKey, OutcomeKind.Postponed, $"{d.decision.Reason}; not re-read before sending: the platform's quota ran out until {pausedUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC", false)));
            due = due.Where(d => !unreached.Contains(d.stored.Invoice.Id)).ToList();
        }

        await ledger.StoreAsync(
            connection.Name,
            due.Where(d => !unfit.ContainsKey(d.stored.Invoice.Id))
                .Select(d => fresh.TryGetValue(d.stored.Invoice.Id, out var f) ? (SyncMessage)new InvoiceRecord(f) : new InvoiceDeleted(d.stored.Invoice.Id)).ToList(),
            null,
            clock.UtcNow,
            cancellationToken);

        // Part-payments a platform does not date are dated by the ledger (the sync that last saw the higher balance).
        var dated = (await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken)).Where(o => o.Invoice.Payments is { Count: > 0 }).ToDictionary(o => o.Invoice.Id, o => o.Invoice.Payments!, StringComparer.Ordinal);
        foreach (var (id, copy) in fresh.Where(f => f.Value.Payments is null && dated.ContainsKey(f.Key)).ToList())
        {
            fresh[id] = copy with { Payments = dated[id] };
        }

        var contacted = new HashSet<string>(StringComparer.Ordinal);
        var plain = new List<(StoredInvoice Stored, Invoice Invoice, DunningDecision Decision)>();
        foreach (var (stored, _) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (unfit.TryGetValue(stored.Invoice.Id, out var problem))
            {
                outcomes.Add(Outcome(connection, stored.Invoice, stored.Customer, today, null, OutcomeKind.Failed, $"the platform's fresh copy is unfit ({problem}); nothing sent", false));
                continue;
            }

            var invoice = fresh.GetValueOrDefault(stored.Invoice.Id);
            try
            {
                var (outcome, decision) = await DecideFreshAsync(connection, runId, today, stored, invoice, state, contacted, cancellationToken);
                if (outcome is not null)
                {
                    outcomes.Add(outcome);
                }
                else if (decision is not null)
                {
                    plain.Add((stored, invoice!, decision));
                }
            }
            catch (Exception ex) when (IsInvoiceLevel(ex))
            {
                LogInvoiceFailed(logger, ex, connection.Name, stored.Invoice.Number, stored.Invoice.Id);
                outcomes.Add(Outcome(connection, stored.Invoice, stored.Customer, today, null, OutcomeKind.Failed, ex.Message, false));
            }
        }

        // One message per customer listing all their reminders of the run (each invoice keeps its own step, shown on
        // its line); the message takes the tone of the most advanced one. Pre-due notices are grouped apart: a
        // heads-up is never mixed with a chase.
        // Invoices billed to their own address (QuickBooks BillEmail) are grouped by that address, not with the others.
        foreach (var group in plain.GroupBy(p => GroupKey(connection, p.Invoice, p.Stored.Customer, p.Decision.Step!.IsAfterDue.ToString(), p.Invoice.Id), StringComparer.Ordinal))
        {
            var members = group.OrderByDescending(p => p.Decision.Step!.OffsetDays).ThenBy(p => p.Invoice.Number, StringComparer.Ordinal).ToList();
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping (SIGTERM, Ctrl-C): no new send starts; what was not started is still due at the next run.
                outcomes.AddRange(members.Select(m => Outcome(connection, m.Invoice, m.Stored.Customer, today, m.Decision.StepKey, OutcomeKind.Postponed, "not started: Relance is stopping", false)));
                continue;
            }

            if (contacted.Contains(members[0].Invoice.CustomerId) && connection.PolicyFor(members[0].Stored.Customer).MinimumDaysBetweenContacts > 0)
            {
                outcomes.AddRange(members.Select(m => Outcome(connection, m.Invoice, m.Stored.Customer, today, m.Decision.StepKey, OutcomeKind.Postponed, "customer already contacted in this run", false)));
                continue;
            }

            try
            {
                var sent = await SendGroupAsync(connection, runId, today, members);
                outcomes.AddRange(sent);
                if (sent.Any(o => o.Kind == OutcomeKind.Sent))
                {
                    contacted.Add(members[0].Invoice.CustomerId);
                }
            }
            catch (Exception ex) when (IsInvoiceLevel(ex))
            {
                LogInvoiceFailed(logger, ex, connection.Name, members[0].Invoice.Number, members[0].Invoice.Id);
                outcomes.AddRange(members.Select(m => Outcome(connection, m.Invoice, m.Stored.Customer, today, m.Decision.StepKey, OutcomeKind.Failed, ex.Message, false)));
            }
        }

        LogRun(logger, connection.Name, outcomes.Count(o => o.Kind == OutcomeKind.Sent), outcomes.Count(o => o.Kind == OutcomeKind.Skipped), outcomes.Count(o => o.Kind is OutcomeKind.Failed or OutcomeKind.Unsure));
        return new DunningReport(connection.Name, runId, today, outcomes, quotaUntil ?? await pauses.PausedUntilAsync(connection.Name, CancellationToken.None));
    }

    /// <summary>
    /// Re-decides on the fresh state. Steps that need a person are recorded here (approval, task) and returned as an
    /// outcome; a plain e-mail step is returned as a decision, to be sent (possibly grouped) by the caller.
    /// </summary>
    private async Task<(DunningOutcome? Outcome, DunningDecision? Decision)> DecideFreshAsync(
        Connection connection,
        string runId,
        DateOnly today,
        StoredInvoice stored,
        Invoice? invoice,
        LedgerState state,
        HashSet<string> contactedThisRun,
        CancellationToken cancellationToken)
    {
        if (invoice is null)
        {
            return (Outcome(connection, stored.Invoice, stored.Customer, today, null, OutcomeKind.Skipped, "no longer on the platform", false), null);
        }

        var customer = stored.Customer;
        var policy = connection.PolicyFor(customer);
        var situation = state.Situation(stored with { Invoice = invoice });
        var decision = EscalationSchedule.Decide(situation, policy, today, connection.Window);
        if (decision.Step is not { } step)
        {
            // Still chaseable but not today (a new hold, a fresh partial payment): postponed, not skipped.
            var kind = StopRules.Check(invoice, policy) is null ? OutcomeKind.Postponed : OutcomeKind.Skipped;
            return (Outcome(connection, invoice, customer, today, null, kind, $"fresh state: {decision.Reason}", false), null);
        }

        var key = decision.StepKey!;
        if (step.Channel == ReminderChannel.Task)
        {
            return (await OpenTaskAsync(connection, runId, today, invoice, customer, step, key, cancellationToken), null);
        }

        // A formal notice states its interest as fact: one that would rest on a rate the table does not confirm, or on
        // a period it does not cover, waits for a person who checked the figure, whatever the step's own setting.
        var doubt = step.Channel == ReminderChannel.FormalNotice
            ? LatePaymentLaw.Compute(invoice.AmountDue, invoice.DueDate ?? today, today, connection.LawFor(customer), connection.Rates, invoice.Payments).Unconfirmed
            : [];
        if (step.RequiresApproval || doubt.Count > 0)
        {
            var held = doubt.Count > 0 ? $"held until the figures are checked: {string.Join("; ", doubt)}" : null;
            var recorded = await ledger.TryRecordAsync(Claim(connection, invoice, key, step, runId), ActionState.AwaitingApproval, held is null ? decision.Reason : $"{decision.Reason}; {held}", cancellationToken);
            return (recorded.Claimed
                ? Outcome(connection, invoice, customer, today, key, OutcomeKind.AwaitingApproval, held is null ? $"'{key}' awaiting approval (relance approve {recorded.Action.Id})" : $"'{key}' {held} (relance approve {recorded.Action.Id} once checked)", false)
                : Outcome(connection, invoice, customer, today, key, OutcomeKind.AlreadyDone, $"already {recorded.Action.State.ToString().ToLowerInvariant()}", false), null);
        }

        if (contactedThisRun.Contains(invoice.CustomerId) && policy.MinimumDaysBetweenContacts > 0)
        {
            return (Outcome(connection, invoice, customer, today, key, OutcomeKind.Postponed, "customer already contacted in this run", false), null);
        }

        return (null, decision);
    }

    /// <summary>
    /// Claims and sends one group. Takes no cancellation token on purpose: from the first claim on, the group runs to
    /// its end — claim, send, confirm, note — even if a stop is asked for meanwhile, since stopping in between is
    /// exactly what leaves an unsure send. Each step is bounded by its own timeout (SMTP, HTTP, database).
    /// </summary>
    private async Task<IReadOnlyList<DunningOutcome>> SendGroupAsync(Connection connection, string runId, DateOnly today, IReadOnlyList<(StoredInvoice Stored, Invoice Invoice, DunningDecision Decision)> members)
    {
        var outcomes = new List<DunningOutcome>();
        var claimed = new List<(Invoice Invoice, PolicyStep Step, LedgerAction Action)>();
        var toTheEnd = CancellationToken.None;
        foreach (var (stored, invoice, decision) in members)
        {
            var claim = await ledger.TryClaimAsync(Claim(connection, invoice, decision.StepKey!, decision.Step!, runId), toTheEnd);
            if (claim.Claimed)
            {
                claimed.Add((invoice, decision.Step!, claim.Action));
            }
            else
            {
                outcomes.Add(Outcome(connection, invoice, stored.Customer, today, decision.StepKey, OutcomeKind.AlreadyDone, $"already {claim.Action.State.ToString().ToLowerInvariant()}", false));
            }
        }

        if (claimed.Count > 0)
        {
            outcomes.AddRange(await SendAsync(connection, today, members[0].Stored.Customer, claimed, toTheEnd));
        }

        return outcomes;
    }

    /// <summary>Sends one message for one or several claimed actions of one customer, the main one first.</summary>
    private async Task<IReadOnlyList<DunningOutcome>> SendAsync(Connection connection, DateOnly today, Customer? customer, IReadOnlyList<(Invoice Invoice, PolicyStep Step, LedgerAction Action)> items, CancellationToken cancellationToken)
    {
        var (invoice, step, action) = items[0];
        var invoices = items.Select(i => i.Invoice).ToList();
        foreach (var doubled in invoices.Where(i => i.PlatformRemindersActive))
        {
            LogDoubleChase(logger, connection.Name, doubled.Number);
        }

        var platformSend = items.Count == 1 && step.Channel == ReminderChannel.Platform && connection.Connector.Descriptor.Supports(ConnectorCapabilities.NativeSend);
        var known = Recipients(invoice, customer);
        var recipients = Deliverable(connection, known);
        if (!platformSend && recipients.Count == 0)
        {
            // Only a person can fix this: the customer's reminders wait (one admin item, one alert), instead of the
            // same failure every day; the hold lifts by itself once a sync brings an address.
            var why = known.Count == 0 ? "has no billing e-mail address" : $"has only addresses that bounced ({string.Join(", ", known)})";
            var missing = $"customer {invoice.CustomerId} of invoice {invoice.Number} {why}; its reminders wait until one is added on the platform (then they resume by themselves)";
            await ledger.SetHoldAsync(new HoldRecord(connection.Name, "customer", invoice.CustomerId, nameof(HoldKind.ContactMissing), null, $"{customer?.Name ?? invoice.CustomerId} {why}: add a working one on the platform", clock.UtcNow), cancellationToken);
            await alerts.NotifyAsync(connection.Name, $"Customer {customer?.Name ?? invoice.CustomerId} ({invoice.CustomerId}) {why}: add a working one on the platform. Its reminders wait until then (`relance pending` lists it).", cancellationToken);
            return await AllAsync(items, i => ledger.MarkFailedAsync(i.Action.Id, missing, clock.UtcNow, cancellationToken), OutcomeKind.Failed, missing);
        }

        var writesNotes = connection.Connector.Descriptor.Supports(ConnectorCapabilities.Notes);
        var sentTo = platformSend ? "platform e-mail" : string.Join(", ", recipients);
        var grouped = items.Count > 1 ? $" (grouped in message {action.Id} with {items.Count - 1} other invoice(s))" : "";
        string detail;
        ComposedReminder composed;
        Dictionary<string, NoteRequest> notes = [];
        try
        {
            composed = composer.Compose(connection, invoice, customer, step, today, invoices, await HistoryAsync(connection, invoice.Id, cancellationToken), items.ToDictionary(i => i.Invoice.Id, i => i.Step, StringComparer.Ordinal));
            foreach (var warning in composed.Charges.Warnings)
            {
                // The same rate-table gap concerns every invoice of the day: said once a day, with the first invoice.
                if (_warned.TryAdd((connection.Name, warning, today), 0))
                {
                    LogChargesWarning(logger, connection.Name, invoice.Number, warning);
                }
            }

            if (writesNotes)
            {
                // Stored before the send: a crash right after it leaves a note the next run writes, not a silent gap.
                foreach (var item in items)
                {
                    notes[item.Action.Id] = ReminderNote(connection, item, today, platformSend, recipients, items.Count - 1, composed.Message.Subject);
                    await ledger.SetNoteAsync(item.Action.Id, NoteState.Pending, notes[item.Action.Id], cancellationToken);
                }
            }

            detail = platformSend
                ? await SendNativeAsync(connection, action.Id, invoice, composed.Message, cancellationToken)
                : await email.SendAsync(
                    new EmailMessage(action.Id, new MailAddressInfo(connection.Options.Sender.Name, connection.Options.Sender.Email), recipients, composed.Message.Subject, composed.Message.Body, connection.Options.Sender.ReplyTo, composed.Attachments),
                    cancellationToken);
        }
        catch (TemplateException ex)
        {
            // Retrying tomorrow would fail the same way: the customer's reminders wait as one admin item.
            var reason = $"{ex.Message} — fix the template, then `relance retry --customer {invoice.CustomerId}`";
            await ledger.SetHoldAsync(new HoldRecord(connection.Name, "customer", invoice.CustomerId, nameof(HoldKind.TemplateBroken), null, reason, clock.UtcNow), cancellationToken);
            await alerts.NotifyAsync(connection.Name, $"The reminder of invoice {invoice.Number} ({customer?.Name ?? invoice.CustomerId}) could not be written: {reason}. That customer's reminders wait until then (`relance pending` lists it).", cancellationToken);
            return await AllAsync(items, i => ledger.MarkFailedAsync(i.Action.Id, ex.Message, clock.UtcNow, cancellationToken), OutcomeKind.Failed, ex.Message);
        }
        catch (Exception ex) when (ex is DeliveryException or ConnectorException)
        {
            // A broken connection mid-send, or a platform call that timed out, may have delivered anyway.
            var maybeSent = ex switch
            {
                DeliveryException delivery => delivery.MaybeSent && !email.IsIdempotent,
                ConnectorException connector => platformSend && connector.Kind == ConnectorErrorKind.Transient,
                _ => false,
            };
            if (maybeSent)
            {
                return await AllAsync(items, i => ledger.MarkUnsureAsync(i.Action.Id, ex.Message, clock.UtcNow, cancellationToken), OutcomeKind.Unsure, ex.Message);
            }

            var failed = await AllAsync(items, i => ledger.MarkFailedAsync(i.Action.Id, ex.Message, clock.UtcNow, cancellationToken), OutcomeKind.Failed, ex.Message);
            if (ex is DeliveryException { RelayFailure: true })
            {
                // Once a day per problem (AdminAlerts): a relay down fails every send of the run the same way.
                await alerts.NotifyAsync(connection.Name, $"E-mail cannot be sent: {ex.Message}. The reminders wait and go at the next run once the relay answers (`relance status` checks it).", cancellationToken);
            }

            if (ex is ConnectorException { RetryAfter: not null })
            {
                throw;
            }

            return failed;
        }

        var outcomes = new List<DunningOutcome>();
        foreach (var item in items)
        {
            await ledger.MarkSentAsync(item.Action.Id, sentTo, detail + grouped, writesNotes ? NoteState.Pending : NoteState.None, clock.UtcNow, cancellationToken);
            var noteWritten = writesNotes && await WriteNoteAsync(connection, notes[item.Action.Id], cancellationToken);

            outcomes.Add(Outcome(connection, item.Invoice, customer, today, item.Action.Step, OutcomeKind.Sent, $"{item.Action.Step} sent to {sentTo}{grouped}", noteWritten));
        }

        return outcomes;

        async Task<IReadOnlyList<DunningOutcome>> AllAsync(IReadOnlyList<(Invoice Invoice, PolicyStep Step, LedgerAction Action)> all, Func<(Invoice Invoice, PolicyStep Step, LedgerAction Action), Task> mark, OutcomeKind kind, string why)
        {
            foreach (var item in all)
            {
                await mark(item);
            }

            return all.Select(i => Outcome(connection, i.Invoice, customer, today, i.Action.Step, kind, why, false)).ToList();
        }
    }

    /// <summary>The addresses no permanent bounce flagged (see <see cref="Inbox.InboxService"/>).</summary>
    private IReadOnlyList<string> Deliverable(Connection connection, IReadOnlyList<string> recipients) =>
        _bounced.TryGetValue(connection.Name, out var bounced) && bounced.Count > 0 ? [.. recipients.Where(a => !bounced.Contains(a))] : recipients;

    /// <summary>Where a reminder about <paramref name="invoice"/> goes: its own billing address when the platform has one, else the customer's.</summary>
    public static IReadOnlyList<string> Recipients(Invoice invoice, Customer? customer) =>
        invoice.BillingEmails is { Count: > 0 } own ? own : customer?.BillingEmails ?? [];

    /// <summary>What was actually sent for the invoice before (confirmed sends only), oldest first, in local days.</summary>
    private async Task<IReadOnlyList<(string Step, DateOnly On, string Channel)>> HistoryAsync(Connection connection, string invoiceId, CancellationToken cancellationToken) =>
        (await ledger.GetActionsAsync(connection.Name, invoiceId, cancellationToken))
            .Where(a => a.State == ActionState.Sent)
            .OrderBy(a => a.ClaimedAt)
            .Select(a => (a.Step, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.CompletedAt ?? a.ClaimedAt, connection.TimeZone).DateTime), a.Channel))
            .ToList();

    private static NoteRequest ReminderNote(Connection connection, (Invoice Invoice, PolicyStep Step, LedgerAction Action) item, DateOnly today, bool platformSend, IReadOnlyList<string> recipients, int groupedWith, string subject) =>
        new(item.Action.Id, item.Invoice.Id, item.Invoice.CustomerId,
            NoteTexts.ReminderSent(connection.Options.DefaultLanguage, item.Action.Step, item.Step.Channel, today, recipients, platformSend ? connection.Connector.Descriptor.DisplayName : null, item.Invoice.AmountDue, groupedWith),
            Subject: subject);

    private async Task<DunningOutcome> OpenTaskAsync(Connection connection, string runId, DateOnly today, Invoice invoice, Customer? customer, PolicyStep step, string key, CancellationToken cancellationToken)
    {
        var description = composer.Compose(connection, invoice, customer, step, today, history: await HistoryAsync(connection, invoice.Id, cancellationToken)).Message;
        var recorded = await ledger.TryRecordAsync(Claim(connection, invoice, key, step, runId), ActionState.TaskOpen, description.Subject, cancellationToken);
        if (!recorded.Claimed)
        {
            return Outcome(connection, invoice, customer, today, key, OutcomeKind.AlreadyDone, $"already {recorded.Action.State.ToString().ToLowerInvariant()}", false);
        }

        var noteWritten = false;
        if (connection.Connector.Descriptor.Supports(ConnectorCapabilities.Notes))
        {
            var note = new NoteRequest(recorded.Action.Id, invoice.Id, invoice.CustomerId, description.Body, Kind: NoteKind.Status, Subject: description.Subject);
            await ledger.SetNoteAsync(recorded.Action.Id, NoteState.Pending, note, cancellationToken);
            noteWritten = await WriteNoteAsync(connection, note, cancellationToken);
        }

        return Outcome(connection, invoice, customer, today, key, OutcomeKind.TaskOpened, description.Subject, noteWritten);
    }

    private async Task SendApprovedAsync(Connection connection, string runId, DateOnly today, List<DunningOutcome> outcomes, CancellationToken cancellationToken)
    {
        var approved = (await ledger.GetTakenStepsAsync(connection.Name, cancellationToken)).Where(t => t.State == ActionState.Approved).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        // Those the quota left unreached stay approved: sent by the first run after the pause, never taken for "no
        // longer on the platform".
        var (fresh, unfit, unreached, _) = await ReReadAsync(connection, approved.Select(a => (a.InvoiceId, a.CustomerId)), cancellationToken);
        var holds = await ledger.GetHoldsAsync(connection.Name, cancellationToken);
        var ready = new List<(StoredInvoice Stored, Invoice Invoice, PolicyStep Step, LedgerAction Action)>();
        foreach (var taken in approved.Where(a => !unfit.ContainsKey(a.InvoiceId) && !unreached.Contains(a.InvoiceId)))
        {
            var stored = await ledger.GetInvoiceAsync(connection.Name, taken.InvoiceId, cancellationToken);
            var action = (await ledger.GetActionsAsync(connection.Name, taken.InvoiceId, cancellationToken)).Single(a => a.Step == taken.Step);
            var policy = connection.PolicyFor(stored?.Customer);
            var step = policy.Steps.FirstOrDefault(s => taken.Step == s.Name || taken.Step.StartsWith(s.Name + "#", StringComparison.Ordinal));
            var invoice = fresh.GetValueOrDefault(taken.InvoiceId) is { } copy ? copy with { Payments = copy.Payments ?? stored?.Invoice.Payments } : null;
            var hold = invoice is null || stored is null ? null : AdminHolds(holds, invoice, today).Concat(connection.TagHolds(invoice, stored.Customer)).FirstOrDefault(h => h.AppliesOn(today));
            var stop = invoice is null ? "no longer on the platform" : StopRules.Check(invoice, policy) ?? hold?.Reason;
            if (stop is not null || step is null || stored is null)
            {
                await ledger.TransitionAsync(action.Id, ActionState.Approved, ActionState.Rejected, $"not sent after approval: {stop ?? "step no longer in the policy"}", clock.UtcNow, cancellationToken);
                outcomes.Add(Outcome(connection, invoice ?? stored?.Invoice ?? new Invoice(taken.InvoiceId, taken.InvoiceId, taken.CustomerId, today, null, Money.Zero("EUR"), Money.Zero("EUR"), InvoiceStatus.Cancelled), stored?.Customer, today, taken.Step, OutcomeKind.Skipped, $"approved but not sent: {stop ?? "step removed"}", false));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (await ledger.TryClaimApprovedAsync(action.Id, runId, clock.UtcNow, CancellationToken.None))
            {
                ready.Add((stored, invoice!, step, action with { RunId = runId }));
            }
        }

        // One letter per customer for all its approved notices of the day (a registered letter each would cost the
        // creditor as many postings); claimed, so each group runs to its end like any send (see SendGroupAsync).
        foreach (var group in ready.GroupBy(r => GroupKey(connection, r.Invoice, r.Stored.Customer, r.Step.Channel.ToString(), r.Action.Id), StringComparer.Ordinal))
        {
            var members = group.OrderBy(m => m.Invoice.DueDate).ThenBy(m => m.Invoice.Number, StringComparer.Ordinal).ToList();
            outcomes.AddRange(await SendAsync(connection, today, members[0].Stored.Customer, [.. members.Select(m => (m.Invoice, m.Step, m.Action))], CancellationToken.None));
        }
    }

    /// <summary>
    /// What goes out as one message: a customer's invoices to the same recipients and of the same kind (a pre-due
    /// notice is never mixed with a chase, a letter with an e-mail); <paramref name="alone"/> when its policy does not group.
    /// </summary>
    private static string GroupKey(Connection connection, Invoice invoice, Customer? customer, string kind, string alone) =>
        connection.PolicyFor(customer).GroupByCustomer
            ? $"{invoice.CustomerId}\n{string.Join(',', Recipients(invoice, customer))}\n{kind}"
            : alone;

    /// <summary>A customer held for a missing address whose synced copy now has one goes back into the escalation.</summary>
    private async Task LiftFixedContactsAsync(Connection connection, CancellationToken cancellationToken)
    {
        var waiting = (await ledger.GetHoldsAsync(connection.Name, cancellationToken)).Where(h => h.Kind == nameof(HoldKind.ContactMissing)).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        var open = await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken);
        foreach (var hold in waiting)
        {
            var invoices = open.Where(o => o.Invoice.CustomerId == hold.TargetId).ToList();
            if (invoices.Count == 0 || invoices.Any(o => Deliverable(connection, Recipients(o.Invoice, o.Customer)).Count > 0))
            {
                await ledger.RemoveHoldAsync(connection.Name, hold.Scope, hold.TargetId, hold.Kind, cancellationToken);
                LogContactFixed(logger, connection.Name, hold.TargetId);
            }
        }
    }

    /// <summary>
    /// The fresh copies of the invoices, checked like synced records: an unfit one is kept apart (the stored copy stays,
    /// nothing is sent), and a duplicate id in the answer counts once. Read a customer's invoices at a time, in batches:
    /// a platform quota met part-way pauses the connection and leaves the rest <c>Unreached</c> (never taken for deleted)
    /// with the end of the pause.
    /// </summary>
    private async Task<ReRead> ReReadAsync(Connection connection, IEnumerable<(string InvoiceId, string CustomerId)> invoices, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, Invoice>(StringComparer.Ordinal);
        var unfit = new Dictionary<string, string>(StringComparer.Ordinal);
        var batches = ReReadBatches(invoices.DistinctBy(i => i.InvoiceId, StringComparer.Ordinal).ToList(), Math.Max(1, connection.Connector.Descriptor.ReReadBatch));
        for (var b = 0; b < batches.Count; b++)
        {
            IReadOnlyList<Invoice> copies;
            try
            {
                copies = await connection.Connector.GetInvoicesAsync(batches[b], cancellationToken);
            }
            catch (ConnectorException ex) when (ex.RetryAfter is { } until)
            {
                var unreached = batches.Skip(b).SelectMany(x => x).ToHashSet(StringComparer.Ordinal);
                await pauses.PauseAsync(connection.Name, until, cancellationToken);
                LogQuotaMidRun(logger, connection.Name, unreached.Count, until);
                return new ReRead(fresh, unfit, unreached, until);
            }

            foreach (var invoice in copies)
            {
                // A hostile answer may carry no id at all: it then matches no candidate.
                var id = invoice.Id ?? string.Empty;
                if (RecordChecks.Problem(invoice) is { } problem)
                {
                    unfit[id] = problem;
                }
                else
                {
                    fresh[id] = invoice;
                }
            }
        }

        return new ReRead(fresh, unfit, [], null);
    }

    /// <summary>About <paramref name="size"/> invoices a batch, never splitting a customer's (one e-mail groups them).</summary>
    private static List<List<string>> ReReadBatches(IReadOnlyList<(string InvoiceId, string CustomerId)> invoices, int size)
    {
        var batches = new List<List<string>>();
        var current = new List<string>();
        foreach (var customer in invoices.GroupBy(i => i.CustomerId, StringComparer.Ordinal))
        {
            if (current.Count > 0 && current.Count + customer.Count() > size)
            {
                batches.Add(current);
                current = [];
            }

            current.AddRange(customer.Select(i => i.InvoiceId));
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private sealed record ReRead(Dictionary<string, Invoice> Fresh, Dictionary<string, string> Unfit, HashSet<string> Unreached, DateTimeOffset? QuotaUntil);

    private async Task<LedgerState> SituationsAsync(Connection connection, DateOnly today, CancellationToken cancellationToken)
    {
        var open = await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken);
        var taken = await ledger.GetTakenStepsAsync(connection.Name, cancellationToken);
        var partials = await ledger.GetPartialPaymentsAsync(connection.Name, cancellationToken);
        var holds = await ledger.GetHoldsAsync(connection.Name, cancellationToken);
        return new LedgerState(connection, today, open, taken, partials, holds);
    }

    /// <summary>Admin holds (CLI pause, promise to pay, payment plan) that apply to an invoice or its customer today.</summary>
    internal static IEnumerable<Hold> AdminHolds(IReadOnlyList<HoldRecord> holds, Invoice invoice, DateOnly today)
    {
        foreach (var record in holds.Where(h => (h.Scope == "invoice" && h.TargetId == invoice.Id) || (h.Scope == "customer" && h.TargetId == invoice.CustomerId)))
        {
            var kind = Enum.TryParse<HoldKind>(record.Kind, out var parsed) ? parsed : HoldKind.Paused;
            if (kind == HoldKind.PaymentPlan && record.Schedule is { } schedule)
            {
                // A plan holds only while it is kept; a missed instalment lets the escalation resume.
                if (PaymentPlanJson.Read(schedule).HoldOn(today, invoice.AmountDue.Amount) is { } planHold)
                {
                    yield return planHold;
                }

                continue;
            }

            yield return new Hold(kind, record.Reason, record.Until);
        }
    }

    private static async Task<string> SendNativeAsync(Connection connection, string actionId, Invoice invoice, RenderedMessage message, CancellationToken cancellationToken)
    {
        await connection.Connector.SendReminderAsync(new NativeReminderRequest(actionId, invoice.Id, [], message.Subject, message.Body), cancellationToken);
        return $"{connection.Connector.Descriptor.DisplayName} send";
    }

    private async Task<bool> WriteNoteAsync(Connection connection, NoteRequest note, CancellationToken cancellationToken)
    {
        if (await pauses.PausedUntilAsync(connection.Name, cancellationToken) is not null)
        {
            // The platform's quota ran out earlier in this run: the note waits (pending), written after the pause.
            return false;
        }

        try
        {
            await connection.Connector.WriteNoteAsync(note, cancellationToken);
            await ledger.SetNoteAsync(note.ActionId, NoteState.Written, note, cancellationToken);
            return true;
        }
        catch (ConnectorException ex) when (ex.Kind == ConnectorErrorKind.Unverifiable)
        {
            // Maybe written, no way to look: never repeated; `history` shows it for a person to check.
            LogNoteFailed(logger, connection.Name, note.InvoiceId, ex.Message);
            await ledger.SetNoteAsync(note.ActionId, NoteState.Unsure, note, cancellationToken);
            return false;
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            // The reminder is out; only the note is missing. It is retried at the next run, marker-checked.
            LogNoteFailed(logger, connection.Name, note.InvoiceId, ex.Message);
            await ledger.SetNoteAsync(note.ActionId, NoteState.Failed, note, cancellationToken);
            if (ex is ConnectorException { RetryAfter: { } until })
            {
                // Not thrown: the message is out, and the other invoices of its group must still be recorded as sent.
                // Notes and platform reads wait for the end of the pause; e-mails already re-read still go.
                await pauses.PauseAsync(connection.Name, until, cancellationToken);
                return false;
            }

            if (note.IsRetry)
            {
                // Failed before and again: a person should know, with the platform's answer (once a day per kind of
                // answer, not once per note).
                await alerts.NotifyAsync(
                    connection.Name,
                    $"A status note keeps failing to be written back into {connection.Connector.Descriptor.DisplayName} (invoice {note.InvoiceId}, action {note.ActionId}): {ex.Message} The reminders themselves went out; Relance retries the notes at every run.",
                    cancellationToken);
            }

            return false;
        }
    }

    private async Task RecoverDanglingClaimsAsync(Connection connection, string runId, List<DunningOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var action in await ledger.GetDanglingClaimsAsync(connection.Name, runId, cancellationToken))
        {
            var stored = await ledger.GetInvoiceAsync(connection.Name, action.InvoiceId, cancellationToken);
            var idempotent = action.Channel is "email" or "formal-notice" && email.IsIdempotent;
            if (idempotent)
            {
                // Re-sending to the outbox rewrites the same file: let this run claim the step again.
                await ledger.MarkFailedAsync(action.Id, "interrupted before confirmation; channel is idempotent, will be re-sent", clock.UtcNow, cancellationToken);
                continue;
            }

            var detail = $"interrupted between send and confirmation (run {action.RunId}, {action.ClaimedAt:u}); not re-sent: check the {action.Channel} log, then `relance resolve {action.Id} --sent` (it went out) or `--not-sent` (send it again)";
            await ledger.MarkUnsureAsync(action.Id, detail, clock.UtcNow, cancellationToken);
            LogUnsure(logger, connection.Name, action.InvoiceId, action.Step);
            if (stored is not null)
            {
                outcomes.Add(Outcome(connection, stored.Invoice, stored.Customer, clock.Today(connection.TimeZone), action.Step, OutcomeKind.Unsure, detail, false));
            }
        }
    }

    private async Task RetryPendingNotesAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (!connection.Connector.Descriptor.Supports(ConnectorCapabilities.Notes))
        {
            return;
        }

        foreach (var action in await ledger.GetPendingNotesAsync(connection.Name, cancellationToken))
        {
            if (action.NoteText is null)
            {
                continue;
            }

            await WriteNoteAsync(connection, new NoteRequest(action.Id, action.InvoiceId, action.CustomerId, action.NoteText, IsRetry: true, action.NoteKind, action.NoteSubject), cancellationToken);
        }

        foreach (var note in await outbox.PendingAsync(connection.Name, cancellationToken))
        {
            try
            {
                await connection.Connector.WriteNoteAsync(note with { IsRetry = true }, cancellationToken);
                await outbox.RemoveAsync(connection.Name, note.ActionId, cancellationToken);
            }
            catch (ConnectorException ex) when (ex.Kind == ConnectorErrorKind.Unverifiable)
            {
                // Maybe written and no way to look: never posted blindly again.
                LogNoteFailed(logger, connection.Name, note.InvoiceId, ex.Message);
                await outbox.RemoveAsync(connection.Name, note.ActionId, cancellationToken);
            }
            catch (Exception ex) when (ex is ConnectorException { RetryAfter: null } or HttpRequestException)
            {
                LogNoteFailed(logger, connection.Name, note.InvoiceId, ex.Message);
            }
        }
    }

    // Problems of one invoice (its data, its template, its channel) are reported and the run goes on. Anything
    // else — the ledger failing above all — stops the run: sending without being able to record is how duplicates happen.
    private static bool IsInvoiceLevel(Exception ex) =>
        ex is ConnectorException { RetryAfter: null } or DeliveryException or TemplateException or FormatException or HttpRequestException;

    private ActionClaim Claim(Connection connection, Invoice invoice, string key, PolicyStep step, string runId) =>
        new(connection.Name, invoice.Id, invoice.CustomerId, key, ChannelName(step), runId, clock.UtcNow);

    private static string ChannelName(PolicyStep step) => step.Channel switch
    {
        ReminderChannel.Platform => "platform",
        ReminderChannel.Task => "task",
        ReminderChannel.FormalNotice => "formal-notice",
        _ => "email",
    };

    private static DunningOutcome Outcome(Connection connection, Invoice invoice, Customer? customer, DateOnly today, string? step, OutcomeKind kind, string detail, bool noteWritten) =>
        new(connection.Name, invoice.Id, invoice.Number, customer?.Name ?? invoice.CustomerId, invoice.AmountDue,
            invoice.DueDate is { } due ? today.DayNumber - due.DayNumber : 0, step, kind, detail, noteWritten);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: run stopped by the platform until {Until}; what was done is recorded, the rest waits: {Reason}")]
    private static partial void LogStoppedByPlatform(ILogger logger, string connection, DateTimeOffset until, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: the platform's quota ran out while re-reading invoices before sending; {Unreached} invoices wait for the next run after {Until}")]
    private static partial void LogQuotaMidRun(ILogger logger, string connection, int unreached, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: paused by the platform until {Until}; dunning skipped")]
    private static partial void LogPaused(ILogger logger, string connection, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: invoice {Number} is also chased by the platform's own reminders (OnPlatformReminders: Warn)")]
    private static partial void LogDoubleChase(ILogger logger, string connection, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: invoice {Number} (and any other today): {Warning}")]
    private static partial void LogChargesWarning(ILogger logger, string connection, string number, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: nothing due among {Open} open invoices")]
    private static partial void LogNothingDue(ILogger logger, string connection, int open);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {Connection}: invoice {Number} ({InvoiceId}) failed; the run goes on")]
    private static partial void LogInvoiceFailed(ILogger logger, Exception exception, string connection, string number, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: note for invoice {InvoiceId} not written ({Reason}); retried next run")]
    private static partial void LogNoteFailed(ILogger logger, string connection, string invoiceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: step {Step} of invoice {InvoiceId} may or may not have been sent before a crash; reported, not repeated")]
    private static partial void LogUnsure(ILogger logger, string connection, string invoiceId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: the first full sync is not finished ({Parts} part(s) read so far); no reminder is decided until it is")]
    private static partial void LogFirstSyncUnfinished(ILogger logger, string connection, int parts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: customer {Customer} has a billing e-mail address now; its reminders resume")]
    private static partial void LogContactFixed(ILogger logger, string connection, string customer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {Sent} sent, {Skipped} skipped, {Problems} failed or unsure")]
    private static partial void LogRun(ILogger logger, string connection, int sent, int skipped, int problems);
}
