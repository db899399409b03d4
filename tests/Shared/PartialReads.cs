using Relance.Connectors;

namespace Relance.Connectors.Tests;

/// <summary>Reads as a process that dies part-way would have read.</summary>
internal static class PartialReads
{
    /// <summary>Everything a full read yields up to and including its <paramref name="positions"/>-th saved position.</summary>
    public static async Task<List<SyncMessage>> UntilSavedPositionAsync(IInvoiceConnector connector, int positions)
    {
        var read = new List<SyncMessage>();
        var saved = 0;
        await foreach (var message in connector.ReadAsync(null, CancellationToken.None))
        {
            read.Add(message);
            if (message is SnapshotProgress && ++saved == positions)
            {
                break;
            }
        }

        return read;
    }
}
