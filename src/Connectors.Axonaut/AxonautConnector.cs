using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Axonaut.Internal;
using Relance.Connectors.Http;
using Relance.Connectors.Axonaut.Models;

namespace Relance.Connectors.Axonaut;

/// <summary>One Axonaut account. Unpaid invoices via <c>is_paid=false</c>; changes via <c>updated_after</c> (day precision).</summary>
internal sealed partial class AxonautConnector(
    IAxonautApi api,
    AxonautOptions options,
    ConnectionContext context,
    ILogger<AxonautConnector> logger) : IInvoiceConnector
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    private readonly AxonautPager _pager = new(context.Name, options.MaxPages, logger, options.PageSize);

    public ConnectorDescriptor Descriptor => AxonautConnectorFactory.Describe(options.NativeSend);

    public async Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.MeAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ConnectionCheckResult.Failed(Explain(response.StatusCode, body, "checking the API key"));
            }

            string? Explained(Exception ex, string operation) => Wrap(ex, operation)?.Message;
            return ConnectionCheckResult.Of($"Axonaut (connection '{context.Name}')",
            [
                new PermissionCheck("API key", true, "ok"),
                await PermissionProbe.RunAsync("read invoices", () => api.ListInvoicesAsync(1, "false", null, cancellationToken), ex => Explained(ex, "listing invoices")),
                await PermissionProbe.RunAsync("read companies", () => api.ListCompaniesAsync(1, "customer", "id", cancellationToken), ex => Explained(ex, "listing companies")),
                WriteEvents(AxonautError.Roles(body)),
            ]);
        }
        catch (Exception ex) when (NetworkFailures.IsNetworkFailure(ex))
        {
            return ConnectionCheckResult.Failed($"Axonaut is unreachable at {options.BaseAddress}: {NetworkFailures.Describe(ex)}. Check Settings:BaseAddress and the network, or try again later.");
        }
    }

    // Timeline events are written as the key's user: /me says which roles that user has.
    private static PermissionCheck WriteEvents(IReadOnlyList<string>? roles) => roles switch
    {
        null => new PermissionCheck("write timeline events", null, "/me did not list the user's roles: the key's user needs the role manager, accounting or business."),
        _ when roles.Any(r => r is "ROLE_MANAGER" or "ROLE_ACCOUNTING" or "ROLE_BUSINESS" or "ROLE_BUSINESS_MANAGER") => new PermissionCheck("write timeline events", true, $"the key's user has {string.Join(", ", roles)}"),
        _ => new PermissionCheck("write timeline events", false, $"the key's user has only {(roles.Count == 0 ? "no role" : string.Join(", ", roles))}; give it the role manager, accounting or business in Axonaut."),
    };

    public async IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.TimeProvider.GetUtcNow(), _zone).DateTime);
        var state = AxonautCursor.Parse(cursor);
        // The next incremental sync reads from the day the last read of invoices began: for a full read spanning
        // runs, the day its catch-up of changes began, so a payment made while companies were read is not missed.
        var next = today;
        var companiesRead = state?.CompaniesRead;
        var refresh = state is { Full: null } && (companiesRead is null || companiesRead.Value.AddDays(options.CompaniesRefreshDays) <= today);
        var messages = state switch
        {
            { Full: null } => ReadChangesAsync(state.Day, refresh, cancellationToken),
            { Full: { } resumed } => ReadAllAsync(resumed with { Resumed = true }, today, day => next = day, cancellationToken),
            null => ReadAllAsync(new AxonautFullRead(today, AxonautReadPhase.Invoices, PagePosition.Start, Resumed: false, []), today, day => next = day, cancellationToken),
        };

        if (state is null)
        {
            yield return new FullSnapshotStarted();
        }
        else if (state.Full is { } full)
        {
            LogResumed(logger, context.Name, full.Started, full.Phase, full.Position.Page);
        }

        await foreach (var message in messages)
        {
            yield return message;
        }

        // A full read brought the companies of every open invoice: a refresh is due a week after it began.
        companiesRead = state is { Full: null } ? (refresh ? today : companiesRead) : (state?.Full?.Started ?? today);
        yield return new Checkpoint(new AxonautCursor(next, CompaniesRead: companiesRead).ToSyncCursor());
    }

    /// <summary>
    /// Day precision: re-read from the day before the last sync and de-duplicate; paid invoices come back too. The
    /// companies of those invoices are not read again (the host asks <see cref="GetCustomersAsync"/> for any it does
    /// not hold), except every <see cref="AxonautOptions.CompaniesRefreshDays"/>, when the whole list is.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> ReadChangesAsync(DateOnly since, bool refreshCompanies, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updatedAfter = Filter(since.AddDays(-1));
        var companies = new HashSet<long>();
        var held = new HeldBack(_zone);
        await foreach (var page in Guard(InvoicePagesAsync(null, updatedAfter, PagePosition.Start, cancellationToken), "reading invoices", cancellationToken))
        {
            await foreach (var message in MapPageAsync(page, [], companies, openOnly: false, held, _ => null, cancellationToken))
            {
                yield return message;
            }
        }

        await foreach (var message in Guard(ResolveHeldAsync(held, companies, list: false, cancellationToken), "reading payments", cancellationToken))
        {
            yield return message;
        }

        if (refreshCompanies)
        {
            var pages = _pager.PagesAsync(page => api.ListCompaniesAsync(page, "customer", "id", cancellationToken), c => c.Id, "companies", PagePosition.Start, cancellationToken);
            await foreach (var page in Guard(pages, "reading companies", cancellationToken))
            {
                foreach (var bad in page.Unreadable)
                {
                    yield return new RecordSkipped("customer", bad.Id ?? "(no id)", bad.Reason);
                }

                foreach (var company in page.Items)
                {
                    yield return ToCustomerRecord(company);
                }
            }
        }

        LogSynced(logger, context.Name, $"since {updatedAfter}{(refreshCompanies ? ", companies refreshed" : "")}", companies.Count);
    }

    /// <summary>
    /// A full read that a daily quota may cut. The first part holds back the invoices whose balance needs their
    /// payments and reads those in bulk once the pages are done; it saves its position only at its start and once they
    /// are resolved, so a part cut before then is taken up from the start. A part that continues an earlier one reads
    /// payments invoice by invoice and saves a <see cref="SnapshotProgress"/> after every page (and after every invoice
    /// that cost a request), so a quota-bound account moves forward every day instead of spending its quota on the
    /// same pages.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> ReadAllAsync(AxonautFullRead full, DateOnly today, Action<DateOnly> changesSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var companies = full.Companies.ToHashSet();
        var held = full.Resumed ? null : new HeldBack(_zone);
        SyncMessage Progress(AxonautReadPhase phase, PagePosition position) =>
            new SnapshotProgress(new AxonautCursor(full.Started, full with { Phase = phase, Position = position, Companies = [.. companies.Order()] }).ToSyncCursor());
        SyncMessage? PageProgress(AxonautReadPhase phase, PagePosition position) => held is null ? Progress(phase, position) : null;

        if (held is not null && full.Phase == AxonautReadPhase.Invoices)
        {
            // Where a cut first part is taken up: from the start, invoice by invoice.
            yield return Progress(AxonautReadPhase.Invoices, PagePosition.Start);
        }

        if (full.Phase == AxonautReadPhase.Invoices)
        {
            await foreach (var page in Guard(InvoicePagesAsync("false", null, full.Position, cancellationToken), "reading invoices", cancellationToken))
            {
                await foreach (var message in MapPageAsync(page, full.Position.Done, companies, openOnly: true, held, done => PageProgress(AxonautReadPhase.Invoices, done), cancellationToken))
                {
                    yield return message;
                }

                if (PageProgress(AxonautReadPhase.Invoices, page.Read) is { } saved)
                {
                    yield return saved;
                }
            }

            full = full.Resumed
                ? full with { Phase = AxonautReadPhase.Changes, Position = PagePosition.Start, ChangesFrom = today }
                : full with { Phase = AxonautReadPhase.Companies, Position = PagePosition.Start };
        }

        if (full.Phase == AxonautReadPhase.Changes)
        {
            // Between parts, invoices were paid (and left the unpaid list) or created: what changed since the read
            // began is read as in an incremental sync, so the snapshot is whole when it completes.
            await foreach (var page in Guard(InvoicePagesAsync(null, Filter(full.Started.AddDays(-1)), full.Position, cancellationToken), "reading invoices changed during the full read", cancellationToken))
            {
                await foreach (var message in MapPageAsync(page, full.Position.Done, companies, openOnly: false, held: null, done => Progress(AxonautReadPhase.Changes, done), cancellationToken))
                {
                    yield return message;
                }

                yield return Progress(AxonautReadPhase.Changes, page.Read);
            }

            full = full with { Phase = AxonautReadPhase.Companies, Position = PagePosition.Start };
        }

        if (held is { Count: > 0 })
        {
            await foreach (var message in Guard(ResolveHeldAsync(held, companies, list: true, cancellationToken), "reading payments", cancellationToken))
            {
                yield return message;
            }

            yield return Progress(full.Phase, full.Position);
        }

        changesSince(full.ChangesFrom ?? full.Started);
        var needed = companies.Count;
        var listFrom = full.Phase == AxonautReadPhase.Companies ? full.Position : null;
        await foreach (var message in ReadCompaniesAsync(companies, listFrom, Progress, cancellationToken))
        {
            yield return message;
        }

        LogSynced(logger, context.Name, full.Resumed ? $"full, begun {full.Started:yyyy-MM-dd}" : "full", needed);
    }

    public IAsyncEnumerable<SyncMessage> ReadPaidHistoryAsync(DateOnly issuedSince, CancellationToken cancellationToken) =>
        ReadPaidAsync(issuedSince, cancellationToken);

    // is_paid=true with date_after (whether it includes its own day is unverified: a day earlier, then kept from
    // issuedSince). A paid invoice's balance needs no payments request; its companies come as in a full read.
    private async IAsyncEnumerable<SyncMessage> ReadPaidAsync(DateOnly issuedSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var companies = new HashSet<long>();
        var pages = _pager.PagesAsync(page => api.ListInvoicesIssuedAsync(page, "true", Filter(issuedSince.AddDays(-1)), cancellationToken), i => i.Id, "invoices", PagePosition.Start, cancellationToken);
        await foreach (var page in Guard(pages, "reading paid invoices", cancellationToken))
        {
            foreach (var item in page.Items.Where(i => i.Total > 0m && i.Company is not null))
            {
                if (await MapAsync(item, cancellationToken) is InvoiceRecord { Invoice: { Status: InvoiceStatus.Paid } invoice } paid && invoice.IssueDate >= issuedSince)
                {
                    companies.Add(item.Company!.Id);
                    yield return paid;
                }
            }
        }

        await foreach (var message in ReadCompaniesAsync(companies, PagePosition.Start, (_, _) => null, cancellationToken))
        {
            yield return message;
        }
    }

    private IAsyncEnumerable<PageRead<AxonautInvoice>> InvoicePagesAsync(string? isPaid, string? updatedAfter, PagePosition from, CancellationToken cancellationToken) =>
        _pager.PagesAsync(page => api.ListInvoicesAsync(page, isPaid, updatedAfter, cancellationToken), i => i.Id, "invoices", from, cancellationToken);

    /// <summary>
    /// The records of one page of invoices, minus those a previous part already took (<paramref name="done"/>). An
    /// invoice whose balance needs its payments is held back in <paramref name="held"/> (read in bulk after the pages,
    /// <see cref="ResolveHeldAsync"/>), or, without it, read at once and followed by <paramref name="progress"/>, so a
    /// quota met in the middle of a page does not spend those requests again.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> MapPageAsync(PageRead<AxonautInvoice> page, long[] done, HashSet<long> companies, bool openOnly, HeldBack? held, Func<PagePosition, SyncMessage?> progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var bad in page.Unreadable)
        {
            yield return new RecordSkipped("invoice", bad.Id ?? "(no id)", bad.Reason);
        }

        var taken = new List<long>(page.Items.Count);
        foreach (var item in page.Items)
        {
            taken.Add(item.Id);

            // Credit notes are invoices with a negative total: never chased.
            if (item.Total < 0m || done.Contains(item.Id))
            {
                continue;
            }

            var needsPayments = AxonautMapper.NeedsPayments(item, dates: false);
            if (needsPayments && held is not null)
            {
                if (held.Hold(item) is { } skipped)
                {
                    yield return skipped;
                }

                continue;
            }

            var message = needsPayments ? await MapAsync(item, cancellationToken) : Map(item, null);
            if (Emitted(message, item, companies, openOnly) is { } emitted)
            {
                yield return emitted;
            }

            if (needsPayments && progress(new PagePosition(page.Page, [.. taken])) is { } saved)
            {
                yield return saved;
            }
        }
    }

    // An open invoice brings its company into the read; a closed one is left out of a read of open invoices.
    private static SyncMessage? Emitted(SyncMessage message, AxonautInvoice item, HashSet<long> companies, bool openOnly)
    {
        if (message is InvoiceRecord { Invoice: var invoice })
        {
            if (openOnly && !invoice.IsOpen)
            {
                return null;
            }

            if (invoice.IsOpen)
            {
                companies.Add(item.Company!.Id);
            }
        }

        return message;
    }

    /// <summary>
    /// The held-back invoices with their payments: from <see cref="AxonautOptions.ListPaymentsFrom"/> of them, the
    /// payment list from their earliest issue date, else (or when that list costs more than a quarter of what they
    /// would) one payment request per invoice. An incremental read does not <paramref name="list"/>: its few invoices
    /// span as many months as a full read's, and one request each is what it costs at most.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> ResolveHeldAsync(HeldBack held, HashSet<long> companies, bool list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var dated = held.Items.Count - held.Undated.Count;
        var listed = list && dated >= options.ListPaymentsFrom && held.IssuedFrom is { } from
            ? await ListPaymentsAsync(from.AddDays(-options.PaymentsBeforeIssueDays), Math.Max(1, dated / 4), cancellationToken)
            : null;
        foreach (var item in held.Items.Values.OrderBy(i => i.Id).ToList())
        {
            var message = listed is not null && !held.Undated.Contains(item.Id)
                ? Map(item, listed.GetValueOrDefault(item.Id) ?? [])
                : await MapAsync(item, cancellationToken);
            if (Emitted(message, item, companies, openOnly: false) is { } emitted)
            {
                yield return emitted;
            }
        }

        held.Reset();
    }

    /// <summary>
    /// Payments dated from <paramref name="from"/>, by invoice; null when the list would cost more than
    /// <paramref name="budget"/> requests or holds a payment that cannot be read (whose invoice is then unknown).
    /// </summary>
    private async Task<Dictionary<long, List<AxonautPayment>>?> ListPaymentsAsync(DateOnly from, int budget, CancellationToken cancellationToken)
    {
        var byInvoice = new Dictionary<long, List<AxonautPayment>>();
        var requests = 0;
        await foreach (var page in _pager.PagesAsync(p => api.ListPaymentsSinceAsync(p, Filter(from.AddDays(-1)), cancellationToken), p => p.Id, "payments", PagePosition.Start, cancellationToken))
        {
            if (page.Unreadable.Count > 0)
            {
                LogPaymentListLeft(logger, context.Name, $"payment {page.Unreadable[0].Id ?? "(no id)"} cannot be read: {page.Unreadable[0].Reason}");
                return null;
            }

            foreach (var payment in page.Items)
            {
                (byInvoice.TryGetValue(payment.InvoiceId, out var list) ? list : byInvoice[payment.InvoiceId] = []).Add(payment);
            }

            if (++requests >= budget)
            {
                LogPaymentListLeft(logger, context.Name, $"it is longer than {budget} pages");
                return null;
            }
        }

        return byInvoice;
    }

    /// <summary>
    /// The companies of the open invoices: from the company list when there are many (about 50 a request), one by
    /// one when there are few (an incremental sync) or the list did not hold them. <paramref name="companies"/> shrinks
    /// as they are emitted; <paramref name="listFrom"/> is null once the list has been read.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> ReadCompaniesAsync(HashSet<long> companies, PagePosition? listFrom, Func<AxonautReadPhase, PagePosition, SyncMessage?> progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (listFrom is not null && companies.Count >= options.ListCompaniesFrom)
        {
            var pages = _pager.PagesAsync(page => api.ListCompaniesAsync(page, "customer", "id", cancellationToken), c => c.Id, "companies", listFrom, cancellationToken);
            await foreach (var page in Guard(pages, "reading companies", cancellationToken))
            {
                foreach (var bad in page.Unreadable.Where(u => u.Id is not null && long.TryParse(u.Id, CultureInfo.InvariantCulture, out var id) && companies.Remove(id)))
                {
                    yield return new RecordSkipped("customer", bad.Id!, bad.Reason);
                }

                foreach (var company in page.Items.Where(c => companies.Remove(c.Id)))
                {
                    yield return ToCustomerRecord(company);
                }

                if (progress(AxonautReadPhase.Companies, page.Read) is { } saved)
                {
                    yield return saved;
                }

                // Sorted by id: past the highest one still wanted, the rest is not in this list (read one by one).
                if (companies.Count == 0 || page.Items.Count > 0 && page.Items.Max(c => c.Id) >= companies.Max())
                {
                    break;
                }
            }
        }

        foreach (var companyId in companies.Order().ToList())
        {
            yield return await ReadCompanyAsync(companyId, cancellationToken);
            companies.Remove(companyId);
            if (progress(AxonautReadPhase.CompanyLookups, PagePosition.Start) is { } saved)
            {
                yield return saved;
            }
        }
    }

    public async Task<IReadOnlyList<SyncMessage>> GetCustomersAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var ids = customerIds.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1).Where(id => id >= 0).ToHashSet();
        var result = new List<SyncMessage>(ids.Count);
        await foreach (var message in Guard(ReadCompaniesAsync(ids, PagePosition.Start, (_, _) => null, cancellationToken), "reading companies", cancellationToken))
        {
            result.Add(message);
        }

        return result;
    }

    public async Task<IReadOnlyList<Invoice>> GetInvoicesAsync(IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoiceIds);
        var result = new List<Invoice>();
        foreach (var id in invoiceIds)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
            {
                continue;
            }

            try
            {
                if (await MapAsync(await api.GetInvoiceAsync(numeric, cancellationToken), cancellationToken, dates: true) is InvoiceRecord record)
                {
                    result.Add(record.Invoice);
                }
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted since the last sync: absent from the result, as the contract says.
            }
            catch (ApiException ex) when (BadRecords.IsUnreadable(ex, out var reason))
            {
                // Not sent on data that cannot be read; the others go on.
                LogUnreadable(logger, context.Name, "invoice", id, reason);
            }
            catch (Exception ex) when (Wrap(ex, $"re-reading invoice {id}") is { } wrapped)
            {
                throw wrapped;
            }
        }

        return result;
    }

    public async Task WriteNoteAsync(NoteRequest note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var companyId = ParseId(note.CustomerId, "company");
        var marker = $"[relance:{note.ActionId}]";
        try
        {
            // Events are append-only and not idempotent: never log the same action twice on the timeline.
            if (await HasEventAsync(companyId, marker, cancellationToken))
            {
                return;
            }

            var reminder = note.Kind == NoteKind.ReminderSent;
            await api.AddEventAsync(
                new AxonautEventRequest(
                    companyId,
                    note.Subject ?? (reminder ? "Relance envoyée" : "Relance : suivi"),
                    $"{note.Text}\n{marker}",
                    reminder ? AxonautConstants.EmailNature : AxonautConstants.NoteNature,
                    Rfc3339(context.TimeProvider.GetUtcNow()),
                    IsDone: true,
                    reminder ? new AxonautAttachments([ParseId(note.InvoiceId, "invoice")]) : null),
                cancellationToken);
        }
        catch (Exception ex) when (Wrap(ex, $"writing a timeline event for company {note.CustomerId}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    public async Task SendReminderAsync(NativeReminderRequest reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (!options.NativeSend)
        {
            throw new ConnectorException(ConnectorErrorKind.Configuration, $"Native sending is off for connection '{context.Name}' (Settings:NativeSend).");
        }

        try
        {
            var invoiceId = ParseId(reminder.InvoiceId, "invoice");
            var invoice = await api.GetInvoiceAsync(invoiceId, cancellationToken);
            var created = await api.AddEventAsync(
                new AxonautEventRequest(
                    invoice.Company?.Id ?? throw new ConnectorException(ConnectorErrorKind.Platform, $"Axonaut invoice {invoiceId} has no company."),
                    reminder.Subject,
                    $"{reminder.Body}\n[relance:{reminder.ActionId}]",
                    AxonautConstants.EmailNature,
                    Rfc3339(context.TimeProvider.GetUtcNow()),
                    IsDone: true,
                    new AxonautAttachments([invoiceId])),
                cancellationToken);
            await api.SendEventAsync(created.Id, cancellationToken);
        }
        catch (Exception ex) when (Wrap(ex, $"sending a reminder for invoice {reminder.InvoiceId}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    private async Task<SyncMessage> MapAsync(AxonautInvoice item, CancellationToken cancellationToken, bool dates = false)
    {
        try
        {
            List<AxonautPayment>? payments = null;
            if (AxonautMapper.NeedsPayments(item, dates))
            {
                // A payment that cannot be read makes the balance unknown: the invoice is skipped, never chased for too much.
                var paymentPages = _pager.ItemsAsync(page => api.ListPaymentsAsync(page, item.Id, cancellationToken), p => p.Id, "payments", bad => throw new FormatException($"payment {bad.Id ?? "(no id)"}: {bad.Reason}"), cancellationToken);
                payments = await paymentPages.ToListAsync(cancellationToken);
            }

            return Map(item, payments);
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("invoice", item.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
        catch (Exception ex) when (Wrap(ex, $"reading the payments of invoice {item.Id}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    private SyncMessage Map(AxonautInvoice item, IReadOnlyList<AxonautPayment>? payments)
    {
        try
        {
            return new InvoiceRecord(AxonautMapper.ToInvoice(item, _zone, payments));
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("invoice", item.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }

    private static SyncMessage ToCustomerRecord(AxonautCompany company)
    {
        try
        {
            return new CustomerRecord(AxonautMapper.ToCustomer(company));
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("customer", company.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }

    private async Task<SyncMessage> ReadCompanyAsync(long companyId, CancellationToken cancellationToken)
    {
        try
        {
            return ToCustomerRecord(await api.GetCompanyAsync(companyId, cancellationToken));
        }
        catch (ApiException ex) when (BadRecords.IsUnreadable(ex, out var reason))
        {
            return new RecordSkipped("customer", companyId.ToString(CultureInfo.InvariantCulture), reason);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // An invoice naming a company Axonaut does not know: that invoice has no one to write to, the read goes on.
            return new RecordSkipped("customer", companyId.ToString(CultureInfo.InvariantCulture), "company not found on Axonaut (404), named by an invoice");
        }
        catch (Exception ex) when (Wrap(ex, $"reading company {companyId}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    private async Task<bool> HasEventAsync(long companyId, string marker, CancellationToken cancellationToken)
    {
        // An event that cannot be read cannot be the one we look for: ours are written in the documented shape.
        await foreach (var existing in _pager.ItemsAsync(page => api.ListCompanyEventsAsync(companyId, page, cancellationToken), e => e.Id, "events", _ => { }, cancellationToken))
        {
            if (existing.Content?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    private IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> items, string operation, CancellationToken cancellationToken) =>
        ConnectorStreams.Guard(items, ex => Wrap(ex, operation), cancellationToken);

    // Every failure leaves the connector as a ConnectorException, so the engine never needs to know HTTP or Polly.
    private ConnectorException? Wrap(Exception ex, string operation) => ex switch
    {
        ConnectorException => null,
        ApiException api when api.StatusCode == HttpStatusCode.TooManyRequests => QuotaExhausted(api, operation),
        ApiException api => new ConnectorException(
            api.StatusCode switch
            {
                HttpStatusCode.BadRequest when api.Content?.Contains("userApiKey", StringComparison.Ordinal) == true => ConnectorErrorKind.Configuration,
                HttpStatusCode.Forbidden when !AxonautError.IsPaginationHint(api.Content) => ConnectorErrorKind.Configuration,
                >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => ConnectorErrorKind.Transient,
                _ => ConnectorErrorKind.Platform,
            },
            Explain(api.StatusCode, api.Content, operation),
            api),
        _ when NetworkFailures.IsNetworkFailure(ex) => new ConnectorException(ConnectorErrorKind.Transient, $"Axonaut unreachable while {operation}: {NetworkFailures.Describe(ex)}", ex),
        _ => null,
    };

    // A 429 is the daily quota: stop this connection until Retry-After, or until just after midnight (Paris).
    private ConnectorException QuotaExhausted(ApiException ex, string operation)
    {
        var now = context.TimeProvider.GetUtcNow();
        DateTimeOffset until;
        if (ex.Headers.RetryAfter?.Delta is { } delta)
        {
            until = now + delta;
        }
        else if (ex.Headers.RetryAfter?.Date is { } date)
        {
            until = date;
        }
        else
        {
            var local = TimeZoneInfo.ConvertTime(now, _zone);
            var reset = local.Date.AddDays(1) + options.QuotaResetTime;
            until = new DateTimeOffset(reset, _zone.GetUtcOffset(reset));
        }

        return new ConnectorException(
            ConnectorErrorKind.Transient,
            $"Axonaut daily API quota exhausted for connection '{context.Name}' while {operation}; paused until {TimeZoneInfo.ConvertTime(until, _zone):yyyy-MM-dd HH:mm} {_zone.Id} ({until.UtcDateTime:yyyy-MM-dd HH:mm} UTC).",
            ex,
            until);
    }

    private string Explain(HttpStatusCode status, string? body, string operation)
    {
        var detail = AxonautError.Read(body);
        return status switch
        {
            HttpStatusCode.BadRequest when body?.Contains("userApiKey", StringComparison.Ordinal) == true =>
                $"Axonaut says the API key is missing (400{detail}) while {operation}: set Relance:Connections:{context.Name}:Settings:ApiKey.",
            HttpStatusCode.Forbidden when AxonautError.IsPaginationHint(body) =>
                $"Axonaut asked to paginate (403{detail}) while {operation}.",
            HttpStatusCode.Forbidden =>
                $"Axonaut refused the API key of connection '{context.Name}' (403{detail}) while {operation}. Check Relance:Connections:{context.Name}:Settings:ApiKey (Axonaut: Paramètres → Extensions & API → API) and that its user has the role manager, accounting or business.",
            HttpStatusCode.TooManyRequests => $"Axonaut daily API quota exhausted while {operation}.",
            _ => $"Axonaut answered {(int)status}{detail} while {operation}.",
        };
    }

    private static long ParseId(string id, string what) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConnectorException(ConnectorErrorKind.Platform, $"'{id}' is not an Axonaut {what} id.");

    private static string Filter(DateOnly day) => day.ToString(AxonautConstants.FilterDateFormat, CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: Axonaut {Kind} {Id} left out of a re-read, its JSON does not fit: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string connection, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: Axonaut payment list left for one request per invoice: {Reason}")]
    private static partial void LogPaymentListLeft(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: Axonaut full read begun {Started} continues ({Phase}, page {Page})")]
    private static partial void LogResumed(ILogger logger, string connection, DateOnly started, AxonautReadPhase phase, int page);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: Axonaut sync ({Mode}), {Companies} companies with open invoices")]
    private static partial void LogSynced(ILogger logger, string connection, string mode, int companies);
}
