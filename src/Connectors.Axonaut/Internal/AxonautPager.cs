using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Relance.Connectors.Http;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>One page of a list: the records not already read by this run, its number and the ids of all its records.</summary>
internal sealed record PageRead<T>(IReadOnlyList<T> Items, IReadOnlyList<UnreadableRecord> Unreadable, int Page, long[] Ids)
{
    /// <summary>The position once this page is wholly taken.</summary>
    public PagePosition Read => new(Page, Ids);
}

/// <summary>
/// Pages 1, 2, 3… through the <c>page</c> header. Lists are bare arrays with no total, so paging ends at the first
/// empty page — or at a page that brings nothing new, since the API has been seen repeating its last page.
/// </summary>
/// <param name="pageSize">When known (<c>Settings:PageSize</c>), a page with fewer records is the last one and the empty
/// page after it is not asked for. Unverified for Axonaut, so unset by default.</param>
internal sealed partial class AxonautPager(string connection, int maxPages, ILogger logger, int? pageSize = null)
{
    public async IAsyncEnumerable<PageRead<T>> PagesAsync<T>(Func<int, Task<LenientList<T>>> fetch, Func<T, long> id, string what, PagePosition from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(from);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var guard = new PageGuard("Axonaut", $"reading {what}", maxPages);
        var anchor = from.Done.Length > 0 ? from.Done.ToHashSet() : null;
        var page = Math.Max(1, from.Page);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = await fetch(page);
            var ids = items.Select(id).ToArray();
            if (anchor is not null)
            {
                if (page > 1 && !ids.Any(anchor.Contains))
                {
                    // The list moved left by a page or more since the last part: step back until a record already
                    // read is in sight again. This page is read again going forward, so nothing of it is lost.
                    LogSteppedBack(logger, connection, what, page);
                    page--;
                    continue;
                }

                anchor = null;
            }

            if (items.Count + items.Unreadable.Count > pageSize)
            {
                throw new ConnectorException(ConnectorErrorKind.Configuration, $"Axonaut sent {items.Count + items.Unreadable.Count} {what} on page {page}, more than Settings:PageSize ({pageSize}) of connection '{connection}': that setting is wrong, and a shorter page would have ended the list early. Remove it or set it to the size Axonaut uses.");
            }

            var fresh = items.Where(i => seen.Add(id(i).ToString(CultureInfo.InvariantCulture))).ToList();
            var freshUnreadable = items.Unreadable.Where(u => u.Id is null || seen.Add(u.Id)).ToList();
            if (fresh.Count == 0 && freshUnreadable.Count == 0)
            {
                if (items.Count + items.Unreadable.Count > 0)
                {
                    LogRepeatedPage(logger, connection, what, page);
                }

                yield break;
            }

            yield return new PageRead<T>(fresh, freshUnreadable, page, ids);
            if (items.Count + items.Unreadable.Count < pageSize)
            {
                yield break;
            }

            // Past the cap the read fails rather than ends: a cut-short full read would close what it did not reach.
            guard.Next([], more: true);
            page++;
        }
    }

    /// <summary>Every record of a list from its first page, with unreadable ones handed to <paramref name="unreadable"/>.</summary>
    public async IAsyncEnumerable<T> ItemsAsync<T>(Func<int, Task<LenientList<T>>> fetch, Func<T, long> id, string what, Action<UnreadableRecord> unreadable, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unreadable);
        await foreach (var page in PagesAsync(fetch, id, what, PagePosition.Start, cancellationToken))
        {
            foreach (var bad in page.Unreadable)
            {
                unreadable(bad);
            }

            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {Connection}: Axonaut repeated page {Page} of {What}; paging stops")]
    private static partial void LogRepeatedPage(ILogger logger, string connection, string what, int page);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {Connection}: Axonaut {What} moved since the last part (page {Page} holds none of the records last read); stepping back a page")]
    private static partial void LogSteppedBack(ILogger logger, string connection, string what, int page);
}
