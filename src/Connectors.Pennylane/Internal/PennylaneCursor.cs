using System.Text.Json;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>
/// Our own watermarks on the two changelogs. Pennylane's page cursors are short-lived and never stored: a full read
/// under way is saved as the last invoice id it passed (<see cref="Full"/>), from which a filter on id re-opens it.
/// </summary>
internal sealed record PennylaneCursor(DateTimeOffset Invoices, DateTimeOffset Customers, PennylaneFullRead? Full = null)
{
    public static PennylaneCursor? Parse(SyncCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PennylaneCursor>(cursor.Value);
        }
        catch (JsonException)
        {
            // An unreadable cursor only costs a full resync.
            return null;
        }
    }

    public SyncCursor ToSyncCursor() => new(JsonSerializer.Serialize(this));
}

/// <summary>A full read stopped part-way: it goes on after <paramref name="AfterId"/> (invoices are read by ascending id).</summary>
/// <param name="AfterId">The highest invoice id read so far.</param>
/// <param name="StartedAt">When the read began: the changelogs are taken up from there once it completes.</param>
internal sealed record PennylaneFullRead(long AfterId, DateTimeOffset StartedAt);
