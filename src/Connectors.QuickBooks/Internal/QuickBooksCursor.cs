using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// The read position: <see cref="Since"/> is the server time of the last read (CDC's <c>changedSince</c>),
/// <see cref="FullAt"/> when the last complete snapshot was taken, and how this server lets us read changes
/// (<see cref="Read"/>), learnt from its refusals so that a refused read is not tried again every run.
/// </summary>
internal sealed record QuickBooksCursor(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("full")] DateTimeOffset FullAt,
    [property: JsonPropertyName("read")] ChangeRead Read = ChangeRead.Cdc)
{
    /// <summary>A full read under way, saved at its last position so that a crash or a stop goes on from there.</summary>
    [JsonPropertyName("resume")]
    public QuickBooksFullRead? Resume { get; init; }

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

/// <summary>A full read stopped part-way.</summary>
/// <param name="Position">The STARTPOSITION of the next page of open invoices (ordered by Id).</param>
/// <param name="ServerTime">QuickBooks' time when the read began: changes are taken up from there once it completes.</param>
internal sealed record QuickBooksFullRead(
    [property: JsonPropertyName("position")] int Position,
    [property: JsonPropertyName("time")] DateTimeOffset ServerTime);

/// <summary>How changes are read, best first; each refusal by the server moves one step down.</summary>
internal enum ChangeRead
{
    /// <summary>The change feed with invoices, customers and payments.</summary>
    Cdc,

    /// <summary>The change feed without payments (some servers refuse that entity); payments come by query.</summary>
    CdcWithoutPayments,

    /// <summary>Paged queries on <c>MetaData.LastUpdatedTime</c>.</summary>
    Queries,

    /// <summary>A full read every time (neither the feed nor time-filtered queries are accepted).</summary>
    Full,
}
