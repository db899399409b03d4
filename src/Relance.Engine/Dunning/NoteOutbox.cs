using System.Text.Json;
using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Dunning;

/// <summary>
/// Notes that belong to no sent reminder (a hold, a promise, a payment plan recorded with the CLI): kept in the ledger
/// before the platform is called, removed once it accepted them, and retried by every dunning run until then — the
/// connector looks for the note's marker first, so a retry never writes it twice.
/// </summary>
public sealed class NoteOutbox(IDunningLedger ledger)
{
    public Task AddAsync(string connection, NoteRequest note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        return ledger.SetValueAsync(Key(connection, note.ActionId), JsonSerializer.Serialize(note), cancellationToken);
    }

    public async Task<IReadOnlyList<NoteRequest>> PendingAsync(string connection, CancellationToken cancellationToken) =>
        (await ledger.GetValuesAsync(Key(connection, ""), cancellationToken)).Values
            .Select(json => JsonSerializer.Deserialize<NoteRequest>(json)!)
            .ToList();

    public Task RemoveAsync(string connection, string actionId, CancellationToken cancellationToken) =>
        ledger.RemoveValueAsync(Key(connection, actionId), cancellationToken);

    private static string Key(string connection, string actionId) => $"note-outbox:{connection}:{actionId}";
}
