using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Http;
using Relance.Connectors.QuickBooks.Internal;
using Relance.Connectors.QuickBooks.Models;

namespace Relance.Connectors.QuickBooks;

/// <summary>
/// One QuickBooks Online company (realm). First read and weekly re-reads: <c>Balance &gt; '0'</c> query pages of
/// 1000; later reads: CDC since the last server time, falling back to <c>MetaData.LastUpdatedTime</c> queries when
/// a CDC answer may have been cut at its 1000-object cap. Customers always in bulk (<c>Id IN (…)</c>).
/// </summary>
internal sealed partial class QuickBooksConnector(
    IQuickBooksApi api,
    QuickBooksOptions options,
    ConnectionContext context,
    QuickBooksTokens tokens,
    ILogger<QuickBooksConnector> logger) : IInvoiceConnector
{
    private const int IdsPerQuery = 100;
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CdcLookBack = TimeSpan.FromDays(29);
    private bool _paymentsRefused;
    private Dictionary<string, string> _billEmails = new(StringComparer.Ordinal);

    private string? Include => options.IncludeInvoiceLink ? "invoiceLink" : null;

    public ConnectorDescriptor Descriptor => QuickBooksConnectorFactory.Describe(options.NativeSend);

    public async Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? Explained(Exception ex, string operation) => ex is ConnectorException known ? known.Message : Wrap(ex, operation)?.Message;
            var probes = new Func<Task<PermissionCheck>>[]
            {
                () => CompanyAsync(Explained, cancellationToken),
                () => PermissionProbe.RunAsync("read invoices", () => api.QueryAsync(options.RealmId, "select * from Invoice MAXRESULTS 1", options.MinorVersion, null, cancellationToken), ex => Explained(ex, "querying invoices")),
                () => PermissionProbe.RunAsync("read customers", () => api.QueryAsync(options.RealmId, "select * from Customer MAXRESULTS 1", options.MinorVersion, null, cancellationToken), ex => Explained(ex, "querying customers")),
                () => PermissionProbe.RunAsync("read payments", () => api.QueryAsync(options.RealmId, "select * from Payment MAXRESULTS 1", options.MinorVersion, null, cancellationToken), ex => Explained(ex, "querying payments")),
            };
            var permissions = new List<PermissionCheck>();
            foreach (var probe in probes)
            {
                permissions.Add(await probe());
                if (permissions[^1].Granted == false)
                {
                    // A refused token or scope refuses the rest too: one refresh attempt, not one per probe.
                    return ConnectionCheckResult.Of($"QuickBooks (connection '{context.Name}')", permissions);
                }
            }

            permissions.Add(new PermissionCheck("write notes (private notes)", null, "QuickBooks has no dry run for an update: the scope com.intuit.quickbooks.accounting of the authorisation covers it; the first failed note is reported with QuickBooks' answer."));
            var state = tokens.Realm(options).Tokens;
            var until = new[] { state?.RefreshExpiresAt, state?.HardExpiresAt }.Where(d => d is not null).Min();
            var result = ConnectionCheckResult.Of($"QuickBooks (connection '{context.Name}')", permissions);
            return until is { } date && result.Succeeded ? result with { Message = $"{result.Message.TrimEnd('.')}; authorisation valid until {date:yyyy-MM-dd} if unused (each refresh extends it)." } : result;
        }
        catch (Exception ex) when (Wrap(ex, "checking the connection") is { } wrapped)
        {
            return ConnectionCheckResult.Failed(wrapped.Message);
        }
    }

    // The company's name is a courtesy: a server that does not serve companyinfo proves nothing either way.
    private Task<PermissionCheck> CompanyAsync(Func<Exception, string, string?> explain, CancellationToken cancellationToken)
    {
        QbCompanyInfo? info = null;
        return PermissionProbe.RunAsync(
            "read the company",
            async () => info = (await api.CompanyInfoAsync(options.RealmId, options.MinorVersion, cancellationToken)).CompanyInfo,
            ex => explain(ex, "reading the company info"),
            granted: () => $"'{info?.CompanyName}' ({info?.Country}), realm {options.RealmId}",
            notServed: ex => ex is ApiException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed } api
                ? $"not served here ({(int)api.StatusCode}); Relance does not need it to run"
                : null);
    }

    public async IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = QuickBooksCursor.Parse(cursor);
        var now = context.TimeProvider.GetUtcNow();
        var how = state?.Read ?? ChangeRead.Cdc;

        // A full read stopped part-way goes on, unless so old that the changes since its start are out of CDC's reach.
        var resume = state?.Resume is { } saved && saved.ServerTime > now - CdcLookBack ? saved : null;
        var full = resume is not null || state is null || how == ChangeRead.Full || state.Since < now - CdcLookBack || state.FullAt < now - options.FullSyncInterval;
        var read = new ReadState(options.MaxPages) { ServerTime = resume?.ServerTime };
        ChangeSet? changes = null;
        if (!full)
        {
            // Nothing is yielded yet, so a server that refuses every incremental read can still get a full one.
            try
            {
                (changes, how) = await ReadChangeSetAsync(state!, how, read, now, cancellationToken);
            }
            catch (Exception ex) when (Wrap(ex, "reading changes") is { } wrapped)
            {
                throw wrapped;
            }

            full = changes is null;
        }

        if (full)
        {
            if (resume is null)
            {
                yield return new FullSnapshotStarted();
            }
            else
            {
                LogFullResumed(logger, context.Name, resume.Position);
            }

            // In parts: each brings its invoices' payments and customers, then saves the position of the next.
            for (var position = resume is null ? 1 : Math.Max(1, resume.Position - options.PageSize); ;)
            {
                await foreach (var message in Guard(DatePaymentsAsync(ReadOpenInvoicesAsync(read, position, cancellationToken), read, cancellationToken), "reading open invoices", cancellationToken))
                {
                    yield return message;
                }

                if (read.NextPosition is not { } next)
                {
                    break;
                }

                await foreach (var message in ReadNewCustomersAsync(read, cancellationToken))
                {
                    yield return message;
                }

                var started = read.ServerTime ?? now;
                yield return new SnapshotProgress((new QuickBooksCursor(started, started, how) { Resume = new QuickBooksFullRead(next, started) }).ToSyncCursor());
                position = next;
            }
        }
        else
        {
            await foreach (var message in Guard(DatePaymentsAsync(EmitChangesAsync(changes!, read, cancellationToken), read, cancellationToken), "reading changes", cancellationToken))
            {
                yield return message;
            }
        }

        if (full)
        {
            await foreach (var message in ReadNewCustomersAsync(read, cancellationToken))
            {
                yield return message;
            }
        }
        else
        {
            // Changed customers came with the changes; the host asks GetCustomersAsync for any other it lacks, and
            // their invoices' BillEmail is kept for that.
            _billEmails = read.BillEmails;
            foreach (var skipped in read.Skipped)
            {
                yield return skipped;
            }
        }

        var serverTime = read.ServerTime ?? now;
        LogSynced(logger, context.Name, full ? "full" : read.Mode, read.Invoices, read.Customers.Count);
        yield return new Checkpoint(new QuickBooksCursor(serverTime - Overlap, full ? serverTime : state!.FullAt, how).ToSyncCursor());
    }

    public async Task<IReadOnlyList<SyncMessage>> GetCustomersAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var read = new ReadState(options.MaxPages);
        foreach (var (customer, email) in _billEmails)
        {
            read.BillEmails[customer] = email;
        }

        var ids = customerIds.Where(id => id.Length > 0 && id.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var result = await Guard(ReadCustomersAsync(ids, read, cancellationToken), "reading customers", cancellationToken).ToListAsync(cancellationToken);
        result.AddRange(read.Skipped);
        return result;
    }

    public async Task<IReadOnlyList<Invoice>> GetInvoicesAsync(IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoiceIds);
        var result = new List<Invoice>();
        try
        {
            var linked = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var chunk in invoiceIds.Where(id => id.All(char.IsAsciiDigit) && id.Length > 0).Chunk(IdsPerQuery))
            {
                await foreach (var item in QueryAllAsync($"select * from Invoice where Id IN ({string.Join(",", chunk.Select(QuickBooksMapper.Quote))})", r => r.Invoice, i => i.Id, Include, null, cancellationToken))
                {
                    if (Map(item) is InvoiceRecord record)
                    {
                        result.Add(record.Invoice);
                        linked[record.Invoice.Id] = QuickBooksPayments.LinkedPaymentIds(item);
                    }
                }
            }

            // The copy a formal notice is composed from carries its dated payments, like the synced one.
            var dated = (await DateAsync(result.Where(i => NeedsDates(i, linked)).Select(i => (i, linked[i.Id])).ToList(), cancellationToken)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            result = [.. result.Select(i => dated.GetValueOrDefault(i.Id) ?? i)];
        }
        catch (Exception ex) when (Wrap(ex, "re-reading invoices") is { } wrapped)
        {
            throw wrapped;
        }

        return result;
    }

    public async Task WriteNoteAsync(NoteRequest note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var marker = $"[relance:{note.ActionId}]";
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var invoice = (await api.GetInvoiceAsync(options.RealmId, note.InvoiceId, options.MinorVersion, cancellationToken)).Invoice
                    ?? throw new ConnectorException(ConnectorErrorKind.Platform, $"QuickBooks returned no invoice {note.InvoiceId}.");
                if (invoice.PrivateNote?.Contains(marker, StringComparison.Ordinal) == true)
                {
                    return;
                }

                var day = DateOnly.FromDateTime(context.TimeProvider.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var line = $"{day} Relance: {(note.Subject is { Length: > 0 } subject ? subject + " — " : "")}{Flatten(note.Text)} {marker}";
                var text = NoteText.Append(invoice.PrivateNote, line, QuickBooksConstants.PrivateNoteMax);
                try
                {
                    // requestid makes a retried POST harmless; it changes with the SyncToken, i.e. with the payload.
                    await api.UpdateInvoiceAsync(options.RealmId, new QbNoteUpdate(invoice.Id, invoice.SyncToken ?? "0", true, text), options.MinorVersion, $"note-{note.ActionId}-{invoice.SyncToken}", cancellationToken);
                    return;
                }
                catch (ApiException ex) when (attempt == 1 && QuickBooksFault.Read(ex.Content)?.Code == QuickBooksFault.StaleObject)
                {
                    // Someone edited the invoice between our read and our write: read again, append again.
                    LogStale(logger, context.Name, note.InvoiceId);
                }
            }
        }
        catch (Exception ex) when (Wrap(ex, $"writing the private note of invoice {note.InvoiceId}") is { } wrapped)
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
            await using var empty = new MemoryStream();
            await api.SendInvoiceAsync(options.RealmId, reminder.InvoiceId, empty, reminder.Recipients.FirstOrDefault(), options.MinorVersion, $"send-{reminder.ActionId}", cancellationToken);
        }
        catch (Exception ex) when (Wrap(ex, $"sending invoice {reminder.InvoiceId} by e-mail") is { } wrapped)
        {
            throw wrapped;
        }
    }

    /// <summary>
    /// Up to <see cref="QuickBooksOptions.ProgressPages"/> pages of open invoices from <paramref name="position"/>;
    /// <see cref="ReadState.NextPosition"/> then says where the next part starts, or null at the end.
    /// </summary>
    /// <remarks>
    /// A part resumed later starts one page early: invoices paid in between shift the later ones back, and a page read
    /// twice costs one request where a skipped invoice would be closed by the snapshot while still open.
    /// </remarks>
    private async IAsyncEnumerable<SyncMessage> ReadOpenInvoicesAsync(ReadState read, int position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAllAsync("select * from Invoice where Balance > '0' ORDERBY Id", r => r.Invoice, i => i.Id, Include, read, cancellationToken, position, options.ProgressPages, read.OpenInvoicesGuard))
        {
            yield return Track(read, item);
        }
    }

    /// <summary>The customers of the invoices read so far that no earlier part brought, then what could not be read.</summary>
    private async IAsyncEnumerable<SyncMessage> ReadNewCustomersAsync(ReadState read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = read.Customers.Except(read.CustomersSeen).Order(StringComparer.Ordinal).ToList();
        await foreach (var message in Guard(ReadCustomersAsync(ids, read, cancellationToken), "reading customers", cancellationToken))
        {
            yield return message;
        }

        read.CustomersSeen.UnionWith(ids);
        foreach (var skipped in read.Skipped)
        {
            yield return skipped;
        }

        read.Skipped.Clear();
    }

    /// <summary>
    /// Reads what changed since the cursor, in the best way this server accepts: a refusal (400/422) moves down one
    /// <see cref="ChangeRead"/> step, said once at Warning and remembered in the cursor when the window was recent
    /// (an old window is the likelier cause otherwise). Null: nothing incremental is accepted, read everything.
    /// </summary>
    private async Task<(ChangeSet? Changes, ChangeRead How)> ReadChangeSetAsync(QuickBooksCursor state, ChangeRead how, ReadState read, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recent = state.Since > now - TimeSpan.FromDays(7);
        for (var current = how; ; current++)
        {
            try
            {
                var changes = current switch
                {
                    ChangeRead.Cdc or ChangeRead.CdcWithoutPayments => await CdcAsync(state, current, read, cancellationToken),
                    ChangeRead.Queries => await QueriesAsync(state, read, cancellationToken),
                    _ => null,
                };
                return (changes, recent ? current : how);
            }
            catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity && current < ChangeRead.Full)
            {
                LogDegraded(logger, context.Name, current, current + 1, (int)ex.StatusCode, QuickBooksFault.Read(ex.Content) is { } fault ? $": {fault.Message}{(fault.Detail is null ? "" : " — " + fault.Detail)}" : "");
            }
        }
    }

    private async Task<ChangeSet> CdcAsync(QuickBooksCursor state, ChangeRead how, ReadState read, CancellationToken cancellationToken)
    {
        var withPayments = how == ChangeRead.Cdc;
        var changes = await api.ChangesAsync(options.RealmId, withPayments ? "Invoice,Customer,Payment" : "Invoice,Customer", state.ChangedSince, options.MinorVersion, cancellationToken);
        read.ServerTime = QuickBooksMapper.Timestamp(changes.Time, "time");
        var groups = changes.CDCResponse?.SelectMany(r => r.QueryResponse ?? []).ToList() ?? [];
        Unreadable(read, groups.SelectMany(g => g.Unreadable));
        List<QbInvoice> invoices = [.. groups.SelectMany(g => g.Invoice ?? [])];
        List<QbCustomer> customers = [.. groups.SelectMany(g => g.Customer ?? [])];
        List<QbPayment> payments = [.. groups.SelectMany(g => g.Payment ?? [])];
        read.Mode = withPayments ? "cdc" : "cdc without payments";
        if (invoices.Count + customers.Count + payments.Count >= options.CdcMaxObjects)
        {
            // The cap is shared by all entities: a full answer may hide changes. CDC has no upper bound to narrow,
            // so read the same period with paged queries instead (deletions are caught by the periodic full read).
            LogSaturated(logger, context.Name, options.CdcMaxObjects, state.ChangedSince);
            return await QueriesAsync(state, read, cancellationToken);
        }

        if (!withPayments)
        {
            payments = await OptionalPaymentsAsync(() => QueryAllAsync($"select * from Payment {ChangedFilter(state)}", r => r.Payment, p => p.Id, null, null, cancellationToken).ToListAsync(cancellationToken).AsTask(), []);
        }

        return new ChangeSet(invoices, customers, payments);
    }

    private async Task<ChangeSet> QueriesAsync(QuickBooksCursor state, ReadState read, CancellationToken cancellationToken)
    {
        read.Mode = "query fallback";
        read.ServerTime = null;
        var filter = ChangedFilter(state);
        return new ChangeSet(
            await QueryAllAsync($"select * from Invoice {filter}", r => r.Invoice, i => i.Id, Include, read, cancellationToken).ToListAsync(cancellationToken),
            await QueryAllAsync($"select * from Customer {filter}", r => r.Customer, c => c.Id, null, read, cancellationToken).ToListAsync(cancellationToken),
            await OptionalPaymentsAsync(() => QueryAllAsync($"select * from Payment {filter}", r => r.Payment, p => p.Id, null, read, cancellationToken).ToListAsync(cancellationToken).AsTask(), []));
    }

    private static string ChangedFilter(QuickBooksCursor state) =>
        $"where MetaData.LastUpdatedTime > {QuickBooksMapper.Quote(state.ChangedSince)} ORDERBY MetaData.LastUpdatedTime";

    private async IAsyncEnumerable<SyncMessage> EmitChangesAsync(ChangeSet changes, ReadState read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (invoices, customers, payments) = changes;
        foreach (var payment in payments.Where(p => p.Status != "Deleted"))
        {
            // The feed brought them whole: the invoices they pay are dated without asking for them again.
            read.Payments[payment.Id] = payment;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in invoices)
        {
            seen.Add(item.Id);
            if (item.Status == "Deleted")
            {
                yield return new InvoiceDeleted(item.Id);
                continue;
            }

            yield return Track(read, item);
        }

        // A payment changes its invoices' balance; they normally show up as changed invoices too, but not always.
        var paid = payments.Where(p => p.Status != "Deleted")
            .SelectMany(p => p.Line ?? []).SelectMany(l => l.LinkedTxn ?? [])
            .Where(t => t.TxnType == "Invoice" && t.TxnId is not null && !seen.Contains(t.TxnId))
            .Select(t => t.TxnId!).Distinct().ToList();
        foreach (var invoice in await GetInvoicesAsync(paid, cancellationToken))
        {
            read.Invoices++;
            yield return new InvoiceRecord(invoice);
        }

        foreach (var item in customers.Where(c => c.Status != "Deleted"))
        {
            read.CustomersSeen.Add(item.Id);
            yield return new CustomerRecord(QuickBooksMapper.ToCustomer(item, options, read.BillEmails.GetValueOrDefault(item.Id)));
        }
    }

    private async IAsyncEnumerable<SyncMessage> ReadCustomersAsync(IReadOnlyList<string> ids, ReadState read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(IdsPerQuery))
        {
            // Inactive customers are left out of queries unless Active is filtered explicitly.
            var query = $"select * from Customer where Active IN (true, false) AND Id IN ({string.Join(",", chunk.Select(QuickBooksMapper.Quote))})";
            await foreach (var item in QueryAllAsync(query, r => r.Customer, c => c.Id, null, read, cancellationToken))
            {
                yield return new CustomerRecord(QuickBooksMapper.ToCustomer(item, options, read.BillEmails.GetValueOrDefault(item.Id)));
            }
        }
    }

    /// <summary>STARTPOSITION 1, 1+n, 1+2n… until a page comes back short (an empty answer is <c>QueryResponse: {}</c>).</summary>
    private async IAsyncEnumerable<T> QueryAllAsync<T>(string query, Func<QbQueryResponse, LenientList<T>?> rows, Func<T, string?> id, string? include, ReadState? read, [EnumeratorCancellation] CancellationToken cancellationToken, int first = 1, int pageLimit = int.MaxValue, PageGuard? guard = null)
    {
        guard ??= new PageGuard("QuickBooks", $"querying {query.Split(' ')[3]}", options.MaxPages);
        var pages = 0;
        for (var start = first; ; start += options.PageSize)
        {
            var page = await api.QueryAsync(options.RealmId, $"{query} STARTPOSITION {start} MAXRESULTS {options.PageSize}", options.MinorVersion, include, cancellationToken);
            if (read is not null)
            {
                read.ServerTime ??= QuickBooksMapper.Timestamp(page.Time, "time");
            }

            var items = page.QueryResponse is { } response ? rows(response) ?? [] : [];
            Unreadable(read, page.QueryResponse?.Unreadable ?? []);
            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count + items.Unreadable.Count < options.PageSize)
            {
                if (pageLimit < int.MaxValue)
                {
                    read?.NextPosition = null;
                }

                yield break;
            }

            guard.Next(items.AllIds(id), more: true);
            if (++pages == pageLimit)
            {
                read?.NextPosition = start + options.PageSize;
                yield break;
            }
        }
    }

    /// <summary>
    /// Passes records through, holding back part-paid invoices until the end of the read: their payments are then read
    /// in bulk (<c>Id IN (…)</c>, not one request each) and the invoices emitted with them dated.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> DatePaymentsAsync(IAsyncEnumerable<SyncMessage> messages, ReadState read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var held = new List<(Invoice Invoice, string[] Payments)>();
        await foreach (var message in messages)
        {
            if (message is InvoiceRecord { Invoice: var invoice } && NeedsDates(invoice, read.LinkedPayments))
            {
                held.Add((invoice, read.LinkedPayments[invoice.Id]));
                continue;
            }

            yield return message;
        }

        foreach (var invoice in await DateAsync(held, cancellationToken, read.Payments))
        {
            yield return new InvoiceRecord(invoice);
        }
    }

    private static bool NeedsDates(Invoice invoice, IReadOnlyDictionary<string, string[]> linked) =>
        invoice is { IsOpen: true, Status: InvoiceStatus.PartiallyPaid } && linked.TryGetValue(invoice.Id, out var ids) && ids.Length > 0;

    private async Task<IReadOnlyList<Invoice>> DateAsync(IReadOnlyList<(Invoice Invoice, string[] Payments)> partPaid, CancellationToken cancellationToken, IReadOnlyDictionary<string, QbPayment>? known = null)
    {
        if (partPaid.Count == 0)
        {
            return [];
        }

        var wanted = partPaid.SelectMany(p => p.Payments).Where(id => known?.ContainsKey(id) != true).ToList();
        var payments = await OptionalPaymentsAsync(() => ReadPaymentsAsync(wanted, cancellationToken), new Dictionary<string, QbPayment>(StringComparer.Ordinal));
        foreach (var (id, payment) in known ?? new Dictionary<string, QbPayment>())
        {
            payments.TryAdd(id, payment);
        }

        return [.. partPaid.Select(p => QuickBooksPayments.Dated(p.Invoice, p.Payments, payments) is { } dated ? p.Invoice with { Payments = dated } : p.Invoice)];
    }

    /// <summary>The Payment entities of these ids, in bulk (<c>Id IN (…)</c>, a hundred a query).</summary>
    private async Task<Dictionary<string, QbPayment>> ReadPaymentsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var payments = new Dictionary<string, QbPayment>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Where(id => id.All(char.IsAsciiDigit)).Chunk(IdsPerQuery))
        {
            await foreach (var payment in QueryAllAsync($"select * from Payment where Id IN ({string.Join(",", chunk.Select(QuickBooksMapper.Quote))})", r => r.Payment, p => p.Id, null, null, cancellationToken))
            {
                payments[payment.Id] = payment;
            }
        }

        return payments;
    }

    /// <summary>
    /// Payments only date part-payments and catch balances a changed invoice did not show: a server that refuses
    /// Payment queries (400) costs that precision, said once, never the sync. Interest then runs on today's balance,
    /// which can claim too little, never too much.
    /// </summary>
    private async Task<T> OptionalPaymentsAsync<T>(Func<Task<T>> read, T without)
    {
        if (_paymentsRefused)
        {
            return without;
        }

        try
        {
            return await read();
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound && !ex.Headers.Contains(QuickBooksHandler.FaultOn200Header))
        {
            _paymentsRefused = true;
            LogPaymentsRefused(logger, context.Name, (int)ex.StatusCode, QuickBooksFault.Read(ex.Content) is { } fault ? $": {fault.Describe()}" : "");
            return without;
        }
    }

    public IAsyncEnumerable<SyncMessage> ReadPaidHistoryAsync(DateOnly issuedSince, CancellationToken cancellationToken) =>
        Guard(ReadPaidAsync(issuedSince, cancellationToken), "reading paid invoices", cancellationToken);

    // Balance = '0' issued since the day (a void invoice also has no balance: it maps as cancelled and is left out).
    // Paid on the day of the last of its linked payments, when they add up to its total; else PaidOn stays null.
    private async IAsyncEnumerable<SyncMessage> ReadPaidAsync(DateOnly issuedSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = new ReadState(options.MaxPages) { Mode = "paid history" };
        var paid = new List<(Invoice Invoice, string[] Payments)>();
        var query = $"select * from Invoice where Balance = '0' AND TxnDate >= '{issuedSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}' ORDERBY Id";
        await foreach (var item in QueryAllAsync(query, r => r.Invoice, i => i.Id, null, read, cancellationToken))
        {
            if (Map(item) is InvoiceRecord { Invoice: { Status: InvoiceStatus.Paid } invoice })
            {
                paid.Add((invoice, QuickBooksPayments.LinkedPaymentIds(item)));
                read.Customers.Add(invoice.CustomerId);
            }
        }

        var payments = await OptionalPaymentsAsync(() => ReadPaymentsAsync(paid.SelectMany(p => p.Payments), cancellationToken), new Dictionary<string, QbPayment>(StringComparer.Ordinal));
        foreach (var (invoice, ids) in paid)
        {
            yield return new InvoiceRecord(QuickBooksPayments.Dated(invoice, ids, payments) is { Count: > 0 } dated ? invoice with { PaidOn = dated.Max(p => p.Date) } : invoice);
        }

        await foreach (var message in ReadNewCustomersAsync(read, cancellationToken))
        {
            yield return message;
        }
    }

    /// <summary>Maps an invoice and remembers, for open ones, its customer and the address QuickBooks bills it to.</summary>
    private SyncMessage Track(ReadState read, QbInvoice item)
    {
        var message = Map(item);
        if (message is InvoiceRecord { Invoice: var mapped })
        {
            read.LinkedPayments[mapped.Id] = QuickBooksPayments.LinkedPaymentIds(item);
        }

        if (message is InvoiceRecord { Invoice: { IsOpen: true } invoice })
        {
            read.Invoices++;
            read.Customers.Add(invoice.CustomerId);
            if (item.BillEmail?.Address is { Length: > 0 } billEmail)
            {
                read.BillEmails.TryAdd(invoice.CustomerId, billEmail);
            }
        }

        return message;
    }

    // Skipped by id and field and reported with the sync; a re-read (no state) leaves them out, so they are not sent.
    private void Unreadable(ReadState? read, IEnumerable<(string Kind, UnreadableRecord Record)> records)
    {
        foreach (var (kind, record) in records)
        {
            if (read is null)
            {
                LogUnreadable(logger, context.Name, kind, record.Id ?? "(no id)", record.Reason);
            }
            else
            {
                read.Skipped.Add(new RecordSkipped(kind, record.Id ?? "(no id)", record.Reason));
            }
        }
    }

    private SyncMessage Map(QbInvoice item)
    {
        try
        {
            return new InvoiceRecord(QuickBooksMapper.ToInvoice(item, options));
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("invoice", item.Id, ex.Message);
        }
    }

    private IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> items, string operation, CancellationToken cancellationToken) =>
        ConnectorStreams.Guard(items, ex => Wrap(ex, operation), cancellationToken);

    // Every failure leaves the connector as a ConnectorException, so the engine never needs to know HTTP or Polly.
    private ConnectorException? Wrap(Exception ex, string operation) => ex switch
    {
        ConnectorException => null,
        ApiRequestException { InnerException: ConnectorException inner } => inner,

        // A body cut short (a proxy, a dropped connection) or not JSON at all: nothing of it is taken, the next run reads again.
        ApiRequestException { InnerException: System.Text.Json.JsonException json } => new ConnectorException(ConnectorErrorKind.Transient, $"QuickBooks sent an answer that is not complete JSON while {operation} ({Flatten(BadRecords.Describe(json))}); nothing of it was taken, the next run reads again.", ex),
        ApiException api => FromResponse(api, operation),
        _ when NetworkFailures.IsNetworkFailure(ex) => new ConnectorException(ConnectorErrorKind.Transient, $"QuickBooks unreachable while {operation}: {NetworkFailures.Describe(ex)}", ex),
        _ => null,
    };

    private ConnectorException FromResponse(ApiException ex, string operation)
    {
        var fault = QuickBooksFault.Read(ex.Content);
        var detail = fault is null ? "" : $": {fault.Describe()}";
        if (ex.Headers.Contains(QuickBooksHandler.FaultOn200Header))
        {
            return new ConnectorException(
                fault?.Type == "ValidationFault" ? ConnectorErrorKind.Platform : ConnectorErrorKind.Transient,
                $"QuickBooks answered 200 but with a Fault while {operation}{detail}.",
                ex);
        }

        var (kind, advice) = ex.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (ConnectorErrorKind.Configuration, $" The access was refused even after a token refresh: re-authorise with `relance authorize --connection {context.Name}`."),
            HttpStatusCode.Forbidden => (ConnectorErrorKind.Configuration, " The app lacks the com.intuit.quickbooks.accounting scope or the user's rights (or sandbox keys are used on production)."),
            HttpStatusCode.TooManyRequests => (ConnectorErrorKind.Transient, " QuickBooks kept throttling the realm; the next run goes on."),
            >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => (ConnectorErrorKind.Transient, QuickBooksErrorCodes.Advice(fault?.Code)),
            _ => (ConnectorErrorKind.Platform, QuickBooksErrorCodes.Advice(fault?.Code)),
        };
        var tid = ex.Headers.TryGetValues("intuit_tid", out var values) ? $" (intuit_tid {values.FirstOrDefault()})" : "";
        return new ConnectorException(kind, $"QuickBooks answered {(int)ex.StatusCode} while {operation}{detail}{tid}.{advice}", ex);
    }

    private static string Flatten(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record ChangeSet(List<QbInvoice> Invoices, List<QbCustomer> Customers, List<QbPayment> Payments);

    private sealed class ReadState(int maxPages)
    {
        public HashSet<string> Customers { get; } = new(StringComparer.Ordinal);

        public HashSet<string> CustomersSeen { get; } = new(StringComparer.Ordinal);

        /// <summary>The payments each invoice read links to.</summary>
        public Dictionary<string, string[]> LinkedPayments { get; } = new(StringComparer.Ordinal);

        /// <summary>Payment entities already at hand (the change feed's), by id.</summary>
        public Dictionary<string, QbPayment> Payments { get; } = new(StringComparer.Ordinal);

        /// <summary>An invoice's BillEmail by customer: the fallback when the customer has no PrimaryEmailAddr.</summary>
        public Dictionary<string, string> BillEmails { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? ServerTime { get; set; }

        /// <summary>One bound on the pages of a full read, across its parts: a server whose pages never end is stopped.</summary>
        public PageGuard OpenInvoicesGuard { get; } = new("QuickBooks", "querying open invoices", maxPages);

        /// <summary>Where the next part of a full read starts; null once the last page was read.</summary>
        public int? NextPosition { get; set; }

        public int Invoices { get; set; }

        public string Mode { get; set; } = "full";

        public List<RecordSkipped> Skipped { get; } = [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: QuickBooks sync ({Mode}), {Invoices} open invoices, {Customers} customers")]
    private static partial void LogSynced(ILogger logger, string connection, string mode, int invoices, int customers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: full QuickBooks read goes on from position {Position}")]
    private static partial void LogFullResumed(ILogger logger, string connection, int position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: QuickBooks refused reading changes as {From} ({Status}{Detail}); reading them as {To} instead")]
    private static partial void LogDegraded(ILogger logger, string connection, ChangeRead from, ChangeRead to, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: QuickBooks {Kind} {Id} left out of a re-read, its JSON does not fit: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string connection, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: CDC answer reached its {Cap}-object cap since {Since}; reading the period with queries instead")]
    private static partial void LogSaturated(ILogger logger, string connection, int cap, string since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: QuickBooks refused reading Payment entities ({Status}{Detail}); part-payments are left undated (interest on today's balance only) until the worker restarts")]
    private static partial void LogPaymentsRefused(ILogger logger, string connection, int status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: invoice {Invoice} changed under us (stale SyncToken); re-reading and appending again")]
    private static partial void LogStale(ILogger logger, string connection, string invoice);
}
