using System.Text.Json;
using Relance.Ledger;

namespace Relance.Engine.Sync;

/// <summary>
/// A full snapshot read in several parts (a daily quota, a crash between parts): its id must survive between runs so
/// that the part which completes it does not close the invoices read by the parts before.
/// </summary>
/// <param name="Id">The snapshot id the records of every part are stamped with.</param>
/// <param name="First">No snapshot of this connection ever completed: the ledger holds only part of the account.</param>
/// <param name="Started">When the first part began (business time).</param>
/// <param name="Parts">How many runs have read a part so far.</param>
/// <param name="Cursor">The cursor saved with the last part: the id is taken up again only by a read from that cursor.</param>
/// <param name="Previous">
/// The cursor committed before <paramref name="Cursor"/>: this record is written first, so a crash before the cursor
/// leaves the previous one, from which the same snapshot goes on too.
/// </param>
public sealed record PendingSnapshot(string Id, bool First, DateTimeOffset Started, int Parts, string Cursor, string? Previous = null)
{
    /// <summary>Whether a read from <paramref name="cursor"/> continues this snapshot.</summary>
    public bool ContinuesFrom(string? cursor) => cursor is not null && (cursor == Cursor || cursor == Previous);

    public static async Task<PendingSnapshot?> ReadAsync(IDunningLedger ledger, string connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var value = await ledger.GetValueAsync(Key(connection), cancellationToken);
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingSnapshot>(value);
        }
        catch (JsonException)
        {
            // Unreadable: forgetting it is safe — the next completed snapshot then closes only what it did not see
            // in its own part, and the connector re-reads from its cursor.
            return null;
        }
    }

    public Task SaveAsync(IDunningLedger ledger, string connection, CancellationToken cancellationToken) =>
        ledger.SetValueAsync(Key(connection), JsonSerializer.Serialize(this), cancellationToken);

    public static Task ClearAsync(IDunningLedger ledger, string connection, CancellationToken cancellationToken) =>
        ledger.RemoveValueAsync(Key(connection), cancellationToken);

    private static string Key(string connection) => $"sync-snapshot:{connection}";
}
