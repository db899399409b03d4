using System.Text.Json;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>The local day the last sync started; updated_after has day precision only.</summary>
internal sealed record AxonautCursor(DateOnly Day)
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
