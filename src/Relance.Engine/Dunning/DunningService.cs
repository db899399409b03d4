using System.Globalization;
using Microsoft.Extensions.Logging;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Domain;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Dunning;

/// <summary>
/// One dunning run for one connection: decide from the ledger, re-read the candidates fresh, then for each
/// reminder claim → send → confirm → write the note back. A failure on one invoice never stops the others.
/// </summary>
public sealed partial class DunningService(
    ConnectionFactory connections,
    IDunningLedger ledger,
    ReminderRenderer renderer,
    IEmailSender email,
    ConnectionPauses pauses,
    RelanceClock clock,
    ILogger<DunningService> logger)
{
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

        try
        {
            return await DunAsync(connection, runId, today, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.RetryAfter is { } retryAfter)
        {
            await pauses.PauseAsync(connection.Name, retryAfter, cancellationToken);
            throw;
        }
    }

    private async Task<DunningReport> DunAsync(Connection connection, string runId, DateOnly today, CancellationToken cancellationToken)
    {
        var outcomes = new List<DunningOutcome>();

        await RecoverDanglingClaimsAsync(connection, runId, outcomes, cancellationToken);
        await RetryPendingNotesAsync(connection, cancellationToken);

        var open = await ledger.GetOpenInvoicesAsync(connection.Name, cancellationToken);
        var taken = await ledger.GetStepsTakenAsync(connection.Name, cancellationToken);
        var due = open
            .Select(stored => (stored, decision: EscalationSchedule.Decide(stored.Invoice, connection.Policy, today, Taken(taken, stored.Invoice.Id))))
            .Where(x => x.decision.IsDue)
            .ToList();
        if (due.Count == 0)
        {
            LogNothingDue(logger, connection.Name, open.Count);
            return new DunningReport(connection.Name, runId, today, outcomes);
        }

        // "Paid this morning" must stop the reminder: re-read every candidate, in batches, just before acting.
        var fresh = (await connection.Connector.GetInvoicesAsync(due.Select(d => d.stored.Invoice.Id).ToList(), cancellationToken))
            .ToDictionary(i => i.Id, StringComparer.Ordinal);
        await ledger.StoreAsync(
            connection.Name,
            due.Select(d => fresh.TryGetValue(d.stored.Invoice.Id, out var f) ? (SyncMessage)new InvoiceRecord(f) : new InvoiceDeleted(d.stored.Invoice.Id)).ToList(),
            null,
            clock.UtcNow,
            cancellationToken);

        foreach (var (stored, _) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var invoice = fresh.GetValueOrDefault(stored.Invoice.Id);
            try
            {
                outcomes.Add(await ActAsync(connection, runId, today, stored, invoice, Taken(taken, stored.Invoice.Id), cancellationToken));
            }
            catch (Exception ex) when (IsInvoiceLevel(ex))
            {
                LogInvoiceFailed(logger, ex, connection.Name, stored.Invoice.Number, stored.Invoice.Id);
                outcomes.Add(Outcome(connection, stored.Invoice, stored.Customer, today, null, OutcomeKind.Failed, ex.Message, false));
            }
        }

        LogRun(logger, connection.Name, outcomes.Count(o => o.Kind == OutcomeKind.Sent), outcomes.Count(o => o.Kind == OutcomeKind.Skipped), outcomes.Count(o => o.Kind is OutcomeKind.Failed or OutcomeKind.Unsure));
        return new DunningReport(connection.Name, runId, today, outcomes);
    }

    private async Task<DunningOutcome> ActAsync(
        Connection connection,
        string runId,
        DateOnly today,
        StoredInvoice stored,
        Invoice? invoice,
        IReadOnlySet<string> taken,
        CancellationToken cancellationToken)
    {
        if (invoice is null)
        {
            return Outcome(connection, stored.Invoice, stored.Customer, today, null, OutcomeKind.Skipped, "no longer on the platform", false);
        }

        var decision = EscalationSchedule.Decide(invoice, connection.Policy, today, taken);
        if (decision.Step is not { } step)
        {
            return Outcome(connection, invoice, stored.Customer, today, null, OutcomeKind.Skipped, $"fresh state: {decision.Reason}", false);
        }

        var customer = stored.Customer;
        var platformSend = step.Channel == ReminderChannel.Platform && connection.Connector.Descriptor.Supports(ConnectorCapabilities.NativeSend);
        var recipients = customer?.BillingEmails ?? [];
        if (!platformSend && recipients.Count == 0)
        {
            return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.Failed,
                $"customer {invoice.CustomerId} of invoice {invoice.Number} has no billing e-mail address", false);
        }

        var claim = await ledger.TryClaimAsync(
            new ActionClaim(connection.Name, invoice.Id, invoice.CustomerId, step.Name, platformSend ? "platform" : "email", runId, clock.UtcNow),
            cancellationToken);
        if (!claim.Claimed)
        {
            return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.AlreadyDone, $"already {claim.Action.State.ToString().ToLowerInvariant()}", false);
        }

        var actionId = claim.Action.Id;
        var language = customer?.Language ?? invoice.Language ?? connection.Options.DefaultLanguage;
        string detail;
        string subject;
        try
        {
            var message = renderer.Render(step.Template, language, Model(connection, invoice, customer, today, language));
            subject = message.Subject;
            detail = platformSend
                ? await SendNativeAsync(connection, actionId, invoice, message, cancellationToken)
                : await email.SendAsync(
                    new EmailMessage(actionId, new MailAddressInfo(connection.Options.Sender.Name, connection.Options.Sender.Email), recipients, message.Subject, message.Body, connection.Options.Sender.ReplyTo),
                    cancellationToken);
        }
        catch (TemplateException ex)
        {
            await ledger.MarkFailedAsync(actionId, ex.Message, clock.UtcNow, cancellationToken);
            return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.Failed, ex.Message, false);
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
                await ledger.MarkUnsureAsync(actionId, ex.Message, clock.UtcNow, cancellationToken);
                return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.Unsure, ex.Message, false);
            }

            await ledger.MarkFailedAsync(actionId, ex.Message, clock.UtcNow, cancellationToken);
            if (ex is ConnectorException { RetryAfter: not null })
            {
                throw;
            }

            return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.Failed, ex.Message, false);
        }

        var writesNotes = connection.Connector.Descriptor.Supports(ConnectorCapabilities.Notes);
        var sentTo = platformSend ? "platform e-mail" : string.Join(", ", recipients);
        await ledger.MarkSentAsync(actionId, sentTo, detail, writesNotes ? NoteState.Pending : NoteState.None, clock.UtcNow, cancellationToken);

        var noteWritten = false;
        if (writesNotes)
        {
            var text = NoteText(step, invoice, sentTo, today);
            noteWritten = await WriteNoteAsync(connection, new NoteRequest(actionId, invoice.Id, invoice.CustomerId, text, Subject: subject), cancellationToken);
        }

        return Outcome(connection, invoice, customer, today, step.Name, OutcomeKind.Sent, $"{step.Name} sent to {sentTo}", noteWritten);
    }

    private static async Task<string> SendNativeAsync(Connection connection, string actionId, Invoice invoice, RenderedMessage message, CancellationToken cancellationToken)
    {
        await connection.Connector.SendReminderAsync(new NativeReminderRequest(actionId, invoice.Id, [], message.Subject, message.Body), cancellationToken);
        return $"{connection.Connector.Descriptor.DisplayName} send";
    }

    private async Task<bool> WriteNoteAsync(Connection connection, NoteRequest note, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Connector.WriteNoteAsync(note, cancellationToken);
            await ledger.SetNoteAsync(note.ActionId, NoteState.Written, note.Text, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            // The reminder is out; only the note is missing. It is retried at the next run, marker-checked.
            LogNoteFailed(logger, connection.Name, note.InvoiceId, ex.Message);
            await ledger.SetNoteAsync(note.ActionId, NoteState.Failed, note.Text, cancellationToken);
            if (ex is ConnectorException { RetryAfter: not null })
            {
                throw;
            }

            return false;
        }
    }

    private async Task RecoverDanglingClaimsAsync(Connection connection, string runId, List<DunningOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var action in await ledger.GetDanglingClaimsAsync(connection.Name, runId, cancellationToken))
        {
            var stored = await ledger.GetInvoiceAsync(connection.Name, action.InvoiceId, cancellationToken);
            var idempotent = action.Channel == "email" && email.IsIdempotent;
            if (idempotent)
            {
                // Re-sending to the outbox rewrites the same file: let this run claim the step again.
                await ledger.MarkFailedAsync(action.Id, "interrupted before confirmation; channel is idempotent, will be re-sent", clock.UtcNow, cancellationToken);
                continue;
            }

            var detail = $"interrupted between send and confirmation (run {action.RunId}, {action.ClaimedAt:u}); not re-sent: check the {action.Channel} log, then mark it done or retry";
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

            await WriteNoteAsync(connection, new NoteRequest(action.Id, action.InvoiceId, action.CustomerId, action.NoteText, IsRetry: true), cancellationToken);
        }
    }

    // Problems of one invoice (its data, its template, its channel) are reported and the run goes on. Anything
    // else — the ledger failing above all — stops the run: sending without being able to record is how duplicates happen.
    private static bool IsInvoiceLevel(Exception ex) =>
        ex is ConnectorException { RetryAfter: null } or DeliveryException or TemplateException or FormatException or HttpRequestException;

    private static ReminderModel Model(Connection connection, Invoice invoice, Customer? customer, DateOnly today, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-GB" : "fr-FR");
        var dueDate = invoice.DueDate ?? today;
        return new ReminderModel(
            CustomerName: customer?.Name ?? invoice.CustomerId,
            InvoiceNumber: invoice.Number,
            AmountDue: FormatMoney(invoice.AmountDue, culture),
            Total: FormatMoney(invoice.Total, culture),
            DueDate: dueDate.ToString(culture.DateTimeFormat.ShortDatePattern, culture),
            DaysLate: Math.Max(0, today.DayNumber - dueDate.DayNumber),
            PaymentLink: invoice.PaymentLink?.ToString(),
            SenderName: connection.Options.Sender.Name,
            SenderEmail: connection.Options.Sender.Email);
    }

    // Rounded to the cent only here, at presentation.
    private static string FormatMoney(Money money, CultureInfo culture) =>
        string.Create(culture, $"{Math.Round(money.Amount, 2, MidpointRounding.AwayFromZero):N2} {money.Currency}");

    private static string NoteText(PolicyStep step, Invoice invoice, string sentTo, DateOnly today) =>
        string.Create(CultureInfo.InvariantCulture, $"Relance: reminder '{step.Name}' sent on {today:yyyy-MM-dd} to {sentTo} (amount due {invoice.AmountDue}).");

    private static IReadOnlySet<string> Taken(IReadOnlyDictionary<string, IReadOnlySet<string>> taken, string invoiceId) =>
        taken.TryGetValue(invoiceId, out var steps) ? steps : new HashSet<string>();

    private static DunningOutcome Outcome(Connection connection, Invoice invoice, Customer? customer, DateOnly today, string? step, OutcomeKind kind, string detail, bool noteWritten) =>
        new(connection.Name, invoice.Id, invoice.Number, customer?.Name ?? invoice.CustomerId, invoice.AmountDue,
            invoice.DueDate is { } due ? today.DayNumber - due.DayNumber : 0, step, kind, detail, noteWritten);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: paused by the platform until {Until}; dunning skipped")]
    private static partial void LogPaused(ILogger logger, string connection, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: nothing due among {Open} open invoices")]
    private static partial void LogNothingDue(ILogger logger, string connection, int open);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {Connection}: invoice {Number} ({InvoiceId}) failed; the run goes on")]
    private static partial void LogInvoiceFailed(ILogger logger, Exception exception, string connection, string number, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: note for invoice {InvoiceId} not written ({Reason}); retried next run")]
    private static partial void LogNoteFailed(ILogger logger, string connection, string invoiceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: step {Step} of invoice {InvoiceId} may or may not have been sent before a crash; reported, not repeated")]
    private static partial void LogUnsure(ILogger logger, string connection, string invoiceId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {Sent} sent, {Skipped} skipped, {Problems} failed or unsure")]
    private static partial void LogRun(ILogger logger, string connection, int sent, int skipped, int problems);
}
