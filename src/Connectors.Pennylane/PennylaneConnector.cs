using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Http;
using Relance.Connectors.Pennylane.Internal;
using Relance.Connectors.Pennylane.Models;

namespace Relance.Connectors.Pennylane;

/// <summary>One Pennylane company. Full sync through the invoice list, incremental sync through the changelogs.</summary>
internal sealed partial class PennylaneConnector(
    IPennylaneApi api,
    PennylaneOptions options,
    ConnectionContext context,
    ILogger<PennylaneConnector> logger) : IInvoiceConnector
{
    // Changelog entries are stamped when processed; re-reading a few minutes before the watermark costs nothing
    // (upserts are idempotent) and covers clock skew between our start time and Pennylane's.
    private static readonly TimeSpan WatermarkOverlap = TimeSpan.FromMinutes(5);

    public ConnectorDescriptor Descriptor => PennylaneConnectorFactory.Describe();

    public async Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? Explained(Exception ex, string operation) => ex is ApiException api ? Explain(api, operation) : null;
            return ConnectionCheckResult.Of("Pennylane",
            [
                await PermissionProbe.RunAsync("read invoices", () => api.ListInvoicesAsync(null, 1, null, null, cancellationToken), ex => Explained(ex, "listing invoices")),
                await PermissionProbe.RunAsync("read customers", () => api.ListCustomersAsync(null, 1, null, cancellationToken), ex => Explained(ex, "listing customers")),
                await PermissionProbe.RunAsync("read the change feed", () => api.InvoiceChangesAsync(null, null, 1, cancellationToken), ex => Explained(ex, "reading the invoice changelog")),

                // Pennylane has no dry run for comments: said plainly rather than passed on a read.
                new PermissionCheck("write notes (invoice comments)", null, "Pennylane offers no way to prove it without writing a comment: the token needs the scope customer_invoices:all and must be issued to a user (comments are refused with 403 otherwise). The first failed note is reported with Pennylane's answer."),
            ]);
        }
        catch (Exception ex) when (NetworkFailures.IsNetworkFailure(ex))
        {
            return ConnectionCheckResult.Failed($"Pennylane is unreachable at {options.BaseAddress}: {NetworkFailures.Describe(ex)}. Check Settings:BaseAddress and the network, or try again later.");
        }
    }

    public async IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = context.TimeProvider.GetUtcNow();
        var state = PennylaneCursor.Parse(cursor);
        var oldest = state is null ? (DateTimeOffset?)null : (state.Invoices < state.Customers ? state.Invoices : state.Customers);
        var full = oldest is null || oldest < now - PennylaneConstants.ChangelogRetention + TimeSpan.FromHours(1);

        IAsyncEnumerable<SyncMessage> messages;
        if (state?.Full is { } resume && resume.StartedAt > now - PennylaneConstants.ChangelogRetention + TimeSpan.FromHours(1))
        {
            // A full read stopped part-way (a crash, a stop) goes on where it was, under the snapshot it began.
            LogFullResumed(logger, context.Name, resume.AfterId);
            messages = ReadFullAsync(resume.StartedAt, resume.AfterId, cancellationToken);
        }
        else if (full || state?.Full is not null)
        {
            LogFullSync(logger, context.Name, oldest);
            messages = ReadFullAsync(now, null, cancellationToken);
        }
        else
        {
            // Read before anything is yielded: a window the server refuses (422, older than it keeps) becomes a
            // full read instead of a failed sync, every run until someone notices.
            (List<PennylaneChange> Invoices, List<PennylaneChange> Customers)? changes = null;
            try
            {
                changes = (await ReadChangelogAsync(api.InvoiceChangesAsync, state!.Invoices, cancellationToken), await ReadChangelogAsync(api.CustomerChangesAsync, state.Customers, cancellationToken));
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                LogWindowRefused(logger, context.Name, oldest!.Value, PennylaneError.Read(ex.Content));
            }
            catch (Exception ex) when (Wrap(ex, "reading the changelog") is { } wrapped)
            {
                throw wrapped;
            }

            messages = changes is { } read ? ReadChangesAsync(state!, read.Invoices, read.Customers, now, cancellationToken) : ReadFullAsync(now, null, cancellationToken);
        }

        await foreach (var message in Guard(messages, cancellationToken))
        {
            yield return message;
        }
    }

    public async Task<IReadOnlyList<Invoice>> GetInvoicesAsync(IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoiceIds);
        var result = new List<Invoice>();
        await foreach (var message in Guard(FetchInvoicesAsync(ParseIds(invoiceIds), onlyOpen: false, cancellationToken), cancellationToken))
        {
            if (message is InvoiceRecord record)
            {
                result.Add(record.Invoice);
            }
        }

        return result;
    }

    public async Task WriteNoteAsync(NoteRequest note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var id = ParseId(note.InvoiceId);
        var marker = $"[relance:{note.ActionId}]";
        try
        {
            // Comments are not idempotent: after an attempt that may have landed, look for our marker first; where
            // comments cannot be listed, a second post could be a duplicate the customer's accountant sees.
            if (note.IsRetry && !options.CanListComments)
            {
                throw new ConnectorException(
                    ConnectorErrorKind.Unverifiable,
                    $"An earlier comment for action {note.ActionId} on invoice {note.InvoiceId} may have been posted, and Pennylane comments cannot be listed here (Settings:CanListComments false): not posted again. Check the invoice's comments in Pennylane for [relance:{note.ActionId}].");
            }

            if (note.IsRetry && await HasCommentAsync(id, marker, cancellationToken))
            {
                return;
            }

            var text = $"{note.Text} {marker}";
            await api.AddCommentAsync(id, options.CommentsPath, new Dictionary<string, string> { [options.CommentField] = text }, cancellationToken);
        }
        catch (Exception ex) when (Wrap(ex, $"writing a comment on invoice {note.InvoiceId}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    public async Task SendReminderAsync(NativeReminderRequest reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        try
        {
            await api.SendByEmailAsync(ParseId(reminder.InvoiceId), new SendByEmailBody(reminder.Recipients), cancellationToken);
        }
        catch (Exception ex) when (Wrap(ex, $"sending invoice {reminder.InvoiceId} by e-mail") is { } wrapped)
        {
            throw wrapped;
        }
    }

    /// <summary>
    /// Every open invoice by ascending id, in parts of <see cref="PennylaneOptions.ProgressPages"/> pages: at the end of
    /// each part the customers of its invoices are read and the position saved, so that a crash or a stop goes on from
    /// there. A page cursor that expired (a long 429 wait outlives it) is re-opened after the last id read.
    /// </summary>
    private async IAsyncEnumerable<SyncMessage> ReadFullAsync(DateTimeOffset startedAt, long? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (resumeAfter is null)
        {
            yield return new FullSnapshotStarted();
        }

        var watermark = startedAt - WatermarkOverlap;
        var customerIds = new HashSet<long>();
        var customersRead = new HashSet<long>();
        var lastId = resumeAfter ?? 0;
        long? reopenedAfter = null;
        var pages = 0;
        var guard = Guard("reading invoices");
        var filter = FullReadFilter(lastId);
        string? pageCursor = null;
        while (true)
        {
            PennylanePage<PennylaneInvoice>? page = null;
            try
            {
                page = await api.ListInvoicesAsync(pageCursor, options.PageSize, filter, "id", cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && pageCursor is not null && reopenedAfter != lastId)
            {
                // Once per position reached: a cursor refused twice at the same place is not an expiry.
                LogCursorExpired(logger, context.Name, "invoices", $"after invoice {lastId.ToString(CultureInfo.InvariantCulture)}");
                reopenedAfter = lastId;
            }

            if (page is null)
            {
                // The same guard: re-opened reads still count towards the bound on pages.
                filter = FullReadFilter(lastId);
                pageCursor = null;
                continue;
            }

            foreach (var item in page.Items)
            {
                lastId = Math.Max(lastId, item.Id);
                var message = Map(item);

                // No server-side filter on paid/status/due date: the open set is selected here.
                if (message is InvoiceRecord { Invoice.IsOpen: false })
                {
                    continue;
                }

                if (message is InvoiceRecord && item.Customer is not null && !customersRead.Contains(item.Customer.Id))
                {
                    customerIds.Add(item.Customer.Id);
                }

                yield return message;
            }

            foreach (var id in ParseIds(page.Items.Unreadable.Select(u => u.Id ?? "")))
            {
                lastId = Math.Max(lastId, id);
            }

            foreach (var unreadable in Unreadable("invoice", page.Items))
            {
                yield return unreadable;
            }

            guard.Next(Ids(page.Items, i => i.Id), page.HasMore, page.NextCursor);
            pageCursor = page.HasMore ? page.NextCursor : null;
            if (pageCursor is null)
            {
                break;
            }

            if (++pages % options.ProgressPages == 0)
            {
                // The customers first: a read resumed from this position will not see these invoices again.
                await foreach (var customer in FetchCustomersAsync(customerIds, cancellationToken))
                {
                    yield return customer;
                }

                customersRead.UnionWith(customerIds);
                customerIds.Clear();
                yield return new SnapshotProgress(new PennylaneCursor(watermark, watermark, new PennylaneFullRead(lastId, startedAt)).ToSyncCursor());
            }
        }

        await foreach (var customer in FetchCustomersAsync(customerIds, cancellationToken))
        {
            yield return customer;
        }

        yield return new Checkpoint(new PennylaneCursor(watermark, watermark).ToSyncCursor());
    }

    public IAsyncEnumerable<SyncMessage> ReadPaidHistoryAsync(DateOnly issuedSince, CancellationToken cancellationToken) =>
        ConnectorStreams.Guard(ReadPaidAsync(issuedSince, cancellationToken), ex => Wrap(ex, "reading paid invoices"), cancellationToken);

    // The list filters on the issue date (documented: date gteq) but not on paid: the paid ones are kept here. The
    // list gives no payment date (its payments sub-resource is unverified), so PaidOn stays null.
    private async IAsyncEnumerable<SyncMessage> ReadPaidAsync(DateOnly issuedSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = PennylaneFilter.Serialize(new("draft", "eq", false), new("credit_note", "eq", false), new("date", "gteq", issuedSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var guard = Guard("reading paid invoices");
        var customerIds = new HashSet<long>();
        string? pageCursor = null;
        do
        {
            var page = await api.ListInvoicesAsync(pageCursor, options.PageSize, filter, "id", cancellationToken);
            foreach (var item in page.Items)
            {
                if (Map(item) is InvoiceRecord { Invoice.Status: InvoiceStatus.Paid } paid)
                {
                    if (item.Customer is not null)
                    {
                        customerIds.Add(item.Customer.Id);
                    }

                    yield return paid;
                }
            }

            guard.Next(Ids(page.Items, i => i.Id), page.HasMore, page.NextCursor);
            pageCursor = page.HasMore ? page.NextCursor : null;
        }
        while (pageCursor is not null);

        await foreach (var customer in FetchCustomersAsync(customerIds, cancellationToken))
        {
            yield return customer;
        }
    }

    private static string FullReadFilter(long afterId) =>
        afterId > 0
            ? PennylaneFilter.Serialize(new("draft", "eq", false), new("credit_note", "eq", false), new("id", "gt", afterId))
            : PennylaneFilter.Serialize(new("draft", "eq", false), new("credit_note", "eq", false));

    private async IAsyncEnumerable<SyncMessage> ReadChangesAsync(PennylaneCursor state, List<PennylaneChange> invoiceChanges, List<PennylaneChange> customerChanges, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {

        var latest = invoiceChanges.GroupBy(c => c.Id).Select(g => g.MaxBy(c => c.ProcessedAt)!).ToList();
        foreach (var deleted in latest.Where(c => c.Operation == "delete"))
        {
            yield return new InvoiceDeleted(deleted.Id.ToString(CultureInfo.InvariantCulture));
        }

        var customerIds = customerChanges.Select(c => c.Id).ToHashSet();
        await foreach (var message in FetchInvoicesAsync(latest.Where(c => c.Operation != "delete").Select(c => c.Id).ToList(), onlyOpen: false, cancellationToken))
        {
            // A changed invoice is emitted even when it is now paid: that is how the host learns to stop.
            if (message is InvoiceRecord { Invoice: { IsOpen: true } invoice })
            {
                customerIds.Add(long.Parse(invoice.CustomerId, CultureInfo.InvariantCulture));
            }

            yield return message;
        }

        await foreach (var customer in FetchCustomersAsync(customerIds, cancellationToken))
        {
            yield return customer;
        }

        var next = new PennylaneCursor(
            invoiceChanges.Count == 0 ? Max(state.Invoices, now - PennylaneConstants.ChangelogRetention / 2) : invoiceChanges.Max(c => c.ProcessedAt),
            customerChanges.Count == 0 ? Max(state.Customers, now - PennylaneConstants.ChangelogRetention / 2) : customerChanges.Max(c => c.ProcessedAt));
        LogIncremental(logger, context.Name, invoiceChanges.Count, customerChanges.Count);
        yield return new Checkpoint(next.ToSyncCursor());
    }

    // A quiet account must not let its watermark fall out of the 4-week retention: with no change at all,
    // moving it forward to two weeks ago is safe because nothing happened in between.
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task<List<PennylaneChange>> ReadChangelogAsync(
        Func<string?, string?, int, CancellationToken, Task<PennylanePage<PennylaneChange>>> call,
        DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var changes = new List<PennylaneChange>();
        var startDate = since.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var guard = Guard("reading the changelog");
        var reopened = false;
        string? pageCursor = null;
        while (true)
        {
            PennylanePage<PennylaneChange> page;
            try
            {
                page = pageCursor is null
                    ? await call(startDate, null, PennylaneConstants.MaxChangelogPageSize, cancellationToken)
                    : await call(null, pageCursor, PennylaneConstants.MaxChangelogPageSize, cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && pageCursor is not null && !reopened)
            {
                // Cursors are short-lived (a long 429 wait outlives them): start the changelog again from our own
                // watermark, once; changes read twice are merged by id.
                LogCursorExpired(logger, context.Name, "the changelog", "from the watermark");
                reopened = true;
                changes.Clear();
                guard = Guard("reading the changelog");
                pageCursor = null;
                continue;
            }

            changes.AddRange(page.Items);

            // A change whose JSON does not fit is still a change of that record: re-read it, without moving the
            // watermark past what was actually read.
            changes.AddRange(page.Items.Unreadable
                .Select(u => long.TryParse(u.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
                .Where(id => id is not null)
                .Select(id => new PennylaneChange(id!.Value, "update", since)));

            // The same invoice legitimately appears in several changes: only cursors and the page count are checked.
            guard.Next([], page.HasMore, page.NextCursor);
            pageCursor = page.HasMore ? page.NextCursor : null;
            if (pageCursor is null)
            {
                return changes;
            }
        }
    }

    private async IAsyncEnumerable<SyncMessage> FetchInvoicesAsync(IReadOnlyList<long> ids, bool onlyOpen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Batches of ids through the list filter: never one request per invoice.
        foreach (var batch in ids.Distinct().Chunk(options.PageSize))
        {
            var filter = PennylaneFilter.Serialize(new PennylaneFilter("id", "in", batch));
            var guard = Guard("re-reading invoices");
            string? pageCursor = null;
            do
            {
                var page = await api.ListInvoicesAsync(pageCursor, options.PageSize, filter, "id", cancellationToken);
                foreach (var item in page.Items)
                {
                    var message = Map(item);
                    if (!onlyOpen || message is not InvoiceRecord { Invoice.IsOpen: false })
                    {
                        yield return message;
                    }
                }

                foreach (var unreadable in Unreadable("invoice", page.Items))
                {
                    yield return unreadable;
                }

                guard.Next(Ids(page.Items, i => i.Id), page.HasMore, page.NextCursor);
                pageCursor = page.HasMore ? page.NextCursor : null;
            }
            while (pageCursor is not null);
        }
    }

    private async IAsyncEnumerable<SyncMessage> FetchCustomersAsync(IReadOnlyCollection<long> ids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in ids.Order().Chunk(options.PageSize))
        {
            var filter = PennylaneFilter.Serialize(new PennylaneFilter("id", "in", batch));
            var guard = Guard("reading customers");
            string? pageCursor = null;
            do
            {
                var page = await api.ListCustomersAsync(pageCursor, options.PageSize, filter, cancellationToken);
                foreach (var item in page.Items)
                {
                    yield return MapCustomer(item);
                }

                foreach (var unreadable in Unreadable("customer", page.Items))
                {
                    yield return unreadable;
                }

                guard.Next(Ids(page.Items, i => i.Id), page.HasMore, page.NextCursor);
                pageCursor = page.HasMore ? page.NextCursor : null;
            }
            while (pageCursor is not null);
        }
    }

    private async Task<bool> HasCommentAsync(long invoiceId, string marker, CancellationToken cancellationToken)
    {
        try
        {
            var guard = Guard($"reading the comments of invoice {invoiceId}");
            string? pageCursor = null;
            do
            {
                var page = await api.ListCommentsAsync(invoiceId, options.CommentsPath, pageCursor, PennylaneConstants.MaxPageSize, cancellationToken);
                if (page.Items.Any(c => c.Content?.Contains(marker, StringComparison.Ordinal) == true))
                {
                    return true;
                }

                guard.Next(Ids(page.Items, i => i.Id), page.HasMore, page.NextCursor);
                pageCursor = page.HasMore ? page.NextCursor : null;
            }
            while (pageCursor is not null);
            return false;
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            // No way to look for the earlier attempt: posting again could make a duplicate.
            LogCommentsNotListable(logger, context.Name);
            throw new ConnectorException(
                ConnectorErrorKind.Unverifiable,
                $"An earlier comment {marker} on invoice {invoiceId} may have been posted, and Pennylane answered {(int)ex.StatusCode} to listing comments: not posted again. Check the invoice's comments in Pennylane, and set Settings:CanListComments to false.",
                ex);
        }
    }

    private SyncMessage Map(PennylaneInvoice item)
    {
        try
        {
            // Pennylane's own reminder sequences are not visible through the API: the connection says whether they run.
            return new InvoiceRecord(PennylaneMapper.ToInvoice(item) with { PlatformRemindersActive = options.PlatformRemindersActive });
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("invoice", item.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }

    private static SyncMessage MapCustomer(PennylaneCustomer item)
    {
        try
        {
            return new CustomerRecord(PennylaneMapper.ToCustomer(item));
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("customer", item.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }

    private IAsyncEnumerable<SyncMessage> Guard(IAsyncEnumerable<SyncMessage> messages, CancellationToken cancellationToken) =>
        ConnectorStreams.Guard(messages, ex => Wrap(ex, "reading invoices"), cancellationToken);

    // Every failure leaves the connector as a ConnectorException, so the engine never needs to know HTTP or Polly.
    private ConnectorException? Wrap(Exception ex, string operation) => ex switch
    {
        ApiException api => ToConnectorException(api, operation),
        _ when NetworkFailures.IsNetworkFailure(ex) => new ConnectorException(ConnectorErrorKind.Transient, $"Pennylane unreachable while {operation}: {NetworkFailures.Describe(ex)}", ex),
        _ => null,
    };

    private PageGuard Guard(string what) => new("Pennylane", what, options.MaxPages);

    private static IEnumerable<string?> Ids<T>(LenientList<T> items, Func<T, long> id) =>
        items.AllIds(i => id(i).ToString(CultureInfo.InvariantCulture));

    private static IEnumerable<SyncMessage> Unreadable<T>(string kind, LenientList<T> items) =>
        items.Unreadable.Select(u => new RecordSkipped(kind, u.Id ?? "(no id)", u.Reason));

    private static List<long> ParseIds(IEnumerable<string> ids) =>
        ids.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (long?)null)
            .Where(id => id is not null)
            .Select(id => id!.Value)
            .ToList();

    private static long ParseId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConnectorException(ConnectorErrorKind.Platform, $"'{id}' is not a Pennylane invoice id.");

    private ConnectorException ToConnectorException(ApiException ex, string operation) =>
        new(ex.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ConnectorErrorKind.Configuration,
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => ConnectorErrorKind.Transient,
            _ => ConnectorErrorKind.Platform,
        }, Explain(ex, operation), ex);

    private string Explain(ApiException ex, string operation)
    {
        var detail = PennylaneError.Read(ex.Content);
        return ex.StatusCode switch
        {
            HttpStatusCode.Unauthorized =>
                $"Pennylane rejected the token of connection '{context.Name}' (401{detail}) while {operation}. Generate a new API token in Pennylane (Settings > Developers) and put it in Relance:Connections:{context.Name}:Settings:Token.",
            HttpStatusCode.Forbidden =>
                $"Pennylane refused {operation} for connection '{context.Name}' (403{detail}). The token lacks a scope: Relance needs customer_invoices:all and customers:readonly; comments also need a token issued to a user.",
            HttpStatusCode.TooManyRequests => $"Pennylane rate limit still exceeded after retries while {operation}.",
            _ => $"Pennylane answered {(int)ex.StatusCode}{detail} while {operation}.",
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: full Pennylane sync (watermark {Watermark})")]
    private static partial void LogFullSync(ILogger logger, string connection, DateTimeOffset? watermark);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: full Pennylane read goes on after invoice {AfterId}")]
    private static partial void LogFullResumed(ILogger logger, string connection, long afterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: {InvoiceChanges} invoice and {CustomerChanges} customer changes in the Pennylane changelogs")]
    private static partial void LogIncremental(ILogger logger, string connection, int invoiceChanges, int customerChanges);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: Pennylane refused the changelog window from {Since:u}{Detail}; reading everything instead")]
    private static partial void LogWindowRefused(ILogger logger, string connection, DateTimeOffset since, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: a Pennylane cursor expired while reading {What}; read again {From}")]
    private static partial void LogCursorExpired(ILogger logger, string connection, string what, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: Pennylane cannot list comments; set Settings:CanListComments to false")]
    private static partial void LogCommentsNotListable(ILogger logger, string connection);
}
