using System.Globalization;

namespace Relance.Connectors.Http;

/// <summary>
/// Bounds one paging loop against a server that never says "last page": a cursor that points back to an earlier
/// page, a full page that brings no record not already read, or more pages than <paramref name="maxPages"/> stop the
/// read with an error. An error, not a quiet end: a full read cut short must never count as complete, or it would
/// close every invoice it did not reach.
/// </summary>
public sealed class PageGuard(string platform, string what, int maxPages, string maxPagesSetting = "MaxPages")
{
    private readonly HashSet<string> _cursors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int _pages;

    /// <summary>
    /// Counts a page read. <paramref name="ids"/> are its records' ids (empty where ids legitimately repeat, like a
    /// change feed); <paramref name="more"/> says whether the server announces another page, reached by
    /// <paramref name="nextCursor"/> where the API pages by cursor.
    /// </summary>
    public void Next(IEnumerable<string?> ids, bool more, string? nextCursor = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        _pages++;
        var count = 0;
        var fresh = 0;
        foreach (var id in ids)
        {
            count++;
            if (id is not null && _ids.Add(id))
            {
                fresh++;
            }
        }

        if (!more)
        {
            return;
        }

        if (count > 0 && fresh == 0)
        {
            throw Stop($"page {_pages} repeats only records already read");
        }

        if (nextCursor is not null && !_cursors.Add(nextCursor))
        {
            throw Stop($"page {_pages} points back to the cursor of an earlier page");
        }

        if (_pages >= maxPages)
        {
            throw Stop($"still more after {maxPages} pages (Settings:{maxPagesSetting}; raise it if the account really is that large)");
        }
    }

    private ConnectorException Stop(string reason) => new(
        ConnectorErrorKind.Platform,
        string.Create(CultureInfo.InvariantCulture, $"{platform} paging stopped while {what}: {reason}. This read is not counted as complete, so no invoice is closed because of it."));
}
