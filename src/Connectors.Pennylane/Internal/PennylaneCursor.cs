using System.Text.Json;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>
/// Our own watermarks on the two changelogs. Pennylane's page cursors are short-lived and never stored.
/// </summary>
internal sealed record PennylaneCursor(DateTimeOffset Invoices, DateTimeOffset Customers)
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
