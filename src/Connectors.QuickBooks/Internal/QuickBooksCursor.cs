using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// The read position: <see cref="Since"/> is the server time of the last read (CDC's <c>changedSince</c>),
/// <see cref="FullAt"/> when the last complete snapshot was taken.
/// </summary>
internal sealed record QuickBooksCursor(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("full")] DateTimeOffset FullAt)
{
    public static QuickBooksCursor? Parse(SyncCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<QuickBooksCursor>(cursor.Value);
        }
        catch (JsonException)
        {
            // An unreadable cursor costs one full read, never a lost change.
            return null;
        }
    }

    public SyncCursor ToSyncCursor() => new(JsonSerializer.Serialize(this));

    /// <summary>CDC's changedSince: ISO-8601 with offset.</summary>
    public string ChangedSince => Since.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
