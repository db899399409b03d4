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

    public ConnectorDescriptor Descriptor => AxonautConnectorFactory.Describe(options.NativeSend);

    public async Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.MeAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return ConnectionCheckResult.Ok($"Axonaut answered for connection '{context.Name}'.");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return ConnectionCheckResult.Failed(Explain(response.StatusCode, body, "checking the API key"));
        }
        catch (Exception ex) when (NetworkFailures.IsNetworkFailure(ex))
        {
            return ConnectionCheckResult.Failed($"Axonaut is unreachable at {options.BaseAddress}: {NetworkFailures.Describe(ex)}. Check Settings:BaseAddress and the network, or try again later.");
        }
    }

    public async IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.TimeProvider.GetUtcNow(), _zone).DateTime);
        var state = AxonautCursor.Parse(cursor);
        var companies = new HashSet<long>();
        if (state is null)
        {
            yield return new FullSnapshotStarted();
        }

        // Day precision: re-read from the day before the last sync and de-duplicate; paid invoices come back too.
        var updatedAfter = state?.Day.AddDays(-1).ToString(AxonautConstants.FilterDateFormat, CultureInfo.InvariantCulture);
        var unreadable = new Queue<UnreadableRecord>();
        var pages = ReadPagesAsync(page => api.ListInvoicesAsync(page, state is null ? "false" : null, updatedAfter, cancellationToken), i => i.Id, "invoices", unreadable.Enqueue, cancellationToken);
        await foreach (var item in Guard(pages, "reading invoices", cancellationToken))
        {
            while (unreadable.TryDequeue(out var bad))
            {
                yield return new RecordSkipped("invoice", bad.Id ?? "(no id)", bad.Reason);
            }

            if (item.Total < 0m)
            {
                // Credit notes are invoices with a negative total: never chased.
                continue;
            }

            var message = await MapAsync(item, cancellationToken);
            if (message is InvoiceRecord { Invoice: var invoice })
            {
                if (state is null && !invoice.IsOpen)
                {
                    continue;
                }

                if (invoice.IsOpen)
                {
                    companies.Add(item.Company!.Id);
                }
            }

            yield return message;
        }

        while (unreadable.TryDequeue(out var bad))
        {
            yield return new RecordSkipped("invoice", bad.Id ?? "(no id)", bad.Reason);
        }

        foreach (var companyId in companies.Order())
        {
            yield return await ReadCompanyAsync(companyId, cancellationToken);
        }

        LogSynced(logger, context.Name, state is null ? "full" : $"since {updatedAfter}", companies.Count);
        yield return new Checkpoint(new AxonautCursor(today).ToSyncCursor());
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
                if (await MapAsync(await api.GetInvoiceAsync(numeric, cancellationToken), cancellationToken) is InvoiceRecord record)
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

    private async Task<SyncMessage> MapAsync(AxonautInvoice item, CancellationToken cancellationToken)
    {
        try
        {
            decimal? payments = null;
            if (item.OutstandingAmount is null && item.Total is > 0m)
            {
                // outstanding_amount can be null: what is due is then the total minus the payments.
                payments = 0m;
                // A payment that cannot be read makes the balance unknown: the invoice is skipped, never chased for too much.
                var paymentPages = ReadPagesAsync(page => api.ListPaymentsAsync(page, item.Id, cancellationToken), p => p.Id, "payments", bad => throw new FormatException($"payment {bad.Id ?? "(no id)"}: {bad.Reason}"), cancellationToken);
                await foreach (var payment in paymentPages)
                {
                    payments += payment.Amount;
                }
            }

            return new InvoiceRecord(AxonautMapper.ToInvoice(item, _zone, payments));
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

    private async Task<SyncMessage> ReadCompanyAsync(long companyId, CancellationToken cancellationToken)
    {
        try
        {
            return new CustomerRecord(AxonautMapper.ToCustomer(await api.GetCompanyAsync(companyId, cancellationToken)));
        }
        catch (Exception ex) when (BadRecords.IsBadData(ex))
        {
            return new RecordSkipped("customer", companyId.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
        catch (ApiException ex) when (BadRecords.IsUnreadable(ex, out var reason))
        {
            return new RecordSkipped("customer", companyId.ToString(CultureInfo.InvariantCulture), reason);
        }
        catch (Exception ex) when (Wrap(ex, $"reading company {companyId}") is { } wrapped)
        {
            throw wrapped;
        }
    }

    private async Task<bool> HasEventAsync(long companyId, string marker, CancellationToken cancellationToken)
    {
        // An event that cannot be read cannot be the one we look for: ours are written in the documented shape.
        await foreach (var existing in ReadPagesAsync(page => api.ListCompanyEventsAsync(companyId, page, cancellationToken), e => e.Id, "events", _ => { }, cancellationToken))
        {
            if (existing.Content?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Pages 1, 2, 3… through the <c>page</c> header: lists are bare arrays with no total, so paging ends at the first
    /// empty page — or at a page that brings nothing new, since the API has been seen repeating its last page.
    /// </summary>
    private async IAsyncEnumerable<T> ReadPagesAsync<T>(Func<int, Task<LenientList<T>>> fetch, Func<T, long> id, string what, Action<UnreadableRecord> unreadable, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var guard = new PageGuard("Axonaut", $"reading {what}", options.MaxPages);
        for (var page = 1; ; page++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = await fetch(page);
            var fresh = items.Where(i => seen.Add(id(i).ToString(CultureInfo.InvariantCulture))).ToList();
            var freshUnreadable = items.Unreadable.Where(u => u.Id is null || seen.Add(u.Id)).ToList();
            if (fresh.Count == 0 && freshUnreadable.Count == 0)
            {
                if (items.Count + items.Unreadable.Count > 0)
                {
                    LogRepeatedPage(logger, context.Name, what, page);
                }

                yield break;
            }

            freshUnreadable.ForEach(unreadable);
            foreach (var item in fresh)
            {
                yield return item;
            }

            // Past the cap the read fails rather than ends: a cut-short full read would close what it did not reach.
            guard.Next([], more: true);
        }
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

    private static string Rfc3339(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {Connection}: Axonaut {Kind} {Id} left out of a re-read, its JSON does not fit: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string connection, string kind, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: Axonaut sync ({Mode}), {Companies} companies with open invoices")]
    private static partial void LogSynced(ILogger logger, string connection, string mode, int companies);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {Connection}: Axonaut repeated page {Page} of {What}; paging stops")]
    private static partial void LogRepeatedPage(ILogger logger, string connection, string what, int page);
}
