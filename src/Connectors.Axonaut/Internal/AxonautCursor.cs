using System.Text.Json;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>
/// The local day the last sync started (<c>updated_after</c> has day precision only), or, while a full read is
/// under way over several runs (a daily quota), where it stands.
/// </summary>
/// <param name="CompaniesRead">The local day the companies were last read (a full read, or the periodic refresh of an
/// incremental one): contacts change without their invoices, and the company list has no filter on changes.</param>
internal sealed record AxonautCursor(DateOnly Day, AxonautFullRead? Full = null, DateOnly? CompaniesRead = null)
{
    public static AxonautCursor? Parse(SyncCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AxonautCursor>(cursor.Value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public SyncCursor ToSyncCursor() => new(JsonSerializer.Serialize(this));
}

/// <summary>The parts of a full read, in order.</summary>
internal enum AxonautReadPhase
{
    /// <summary>Unpaid invoices, page by page.</summary>
    Invoices,

    /// <summary>After a read that spanned runs: what changed since it began (paid, created), so nothing moved under it unseen.</summary>
    Changes,

    /// <summary>The companies of the open invoices, from the company list.</summary>
    Companies,

    /// <summary>The companies the list did not hold, one request each.</summary>
    CompanyLookups,
}

/// <summary>A full read in progress.</summary>
/// <param name="Started">The local day it began: the catch-up reads what changed since the day before.</param>
/// <param name="Resumed">It has been continued by a later run at least once.</param>
/// <param name="Companies">Companies of the open invoices read so far and not yet emitted.</param>
/// <param name="ChangesFrom">The local day the catch-up of changes began: what changed after it is left to the next incremental sync.</param>
internal sealed record AxonautFullRead(DateOnly Started, AxonautReadPhase Phase, PagePosition Position, bool Resumed, long[] Companies, DateOnly? ChangesFrom = null);

/// <summary>
/// Where a list read stands: <paramref name="Page"/> is being (or was last) read and <paramref name="Done"/> holds the
/// ids of its records already taken. Lists have no stable cursor and shift when an invoice is paid between runs, so a
/// continued read first finds one of those ids again (stepping back a page while none is in sight), and only then goes
/// on: a record can be read twice, never skipped.
/// </summary>
internal sealed record PagePosition(int Page, long[] Done)
{
    public static PagePosition Start { get; } = new(1, []);
}
