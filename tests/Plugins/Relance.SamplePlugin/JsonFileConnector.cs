using System.Runtime.CompilerServices;
using System.Text.Json;
using Relance.Connectors;

namespace Relance.SamplePlugin;

/// <summary>Reads <c>{ "invoices": [...], "customers": [...] }</c>; notes are appended to a sibling file.</summary>
public sealed class JsonFileConnector(string path) : IInvoiceConnector
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ConnectorDescriptor Descriptor => JsonFileConnectorFactory.Descriptor;

    public Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(path) ? ConnectionCheckResult.Ok() : ConnectionCheckResult.Failed($"{path} does not exist."));

    public async IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var data = await LoadAsync(cancellationToken);
        yield return new FullSnapshotStarted();
        foreach (var invoice in data.Invoices)
        {
            yield return new InvoiceRecord(invoice);
        }

        foreach (var customer in data.Customers)
        {
            yield return new CustomerRecord(customer);
        }

        yield return new Checkpoint(new SyncCursor(File.GetLastWriteTimeUtc(path).ToString("O")));
    }

    public async Task<IReadOnlyList<Invoice>> GetInvoicesAsync(IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken)).Invoices.Where(i => invoiceIds.Contains(i.Id)).ToList();

    public Task WriteNoteAsync(NoteRequest note, CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(path + ".notes", $"{note.InvoiceId}\t{note.ActionId}\t{note.Text}\n", cancellationToken);

    public Task SendReminderAsync(NativeReminderRequest reminder, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The JSON file connector has no send feature.");

    private async Task<FileData> LoadAsync(CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return (await JsonSerializer.DeserializeAsync<FileData>(stream, Json, cancellationToken))!;
    }

    private sealed record FileData(List<Invoice> Invoices, List<Customer> Customers);
}
