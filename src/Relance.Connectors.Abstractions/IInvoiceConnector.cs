namespace Relance.Connectors;

/// <summary>
/// One configured connection to an accounting platform. Created per connection by an
/// <see cref="IConnectorFactory"/>; the host calls it from one job at a time.
/// </summary>
public interface IInvoiceConnector
{
    ConnectorDescriptor Descriptor { get; }

    /// <summary>Checks credentials and scopes with one cheap call. Never throws for a bad credential.</summary>
    Task<ConnectionCheckResult> CheckAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Streams what changed since <paramref name="cursor"/> (everything open when it is null or too old),
    /// ending with a <see cref="Checkpoint"/>. Customers of the emitted invoices are emitted too, except, with
    /// <see cref="ConnectorCapabilities.CustomerLookup"/>, in an incremental read: there only new or changed customers
    /// need be, the host asks <see cref="GetCustomersAsync"/> for any it lacks.
    /// </summary>
    IAsyncEnumerable<SyncMessage> ReadAsync(SyncCursor? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the invoices issued on or after <paramref name="issuedSince"/> that are paid, with their customers: the
    /// history receivables figures (DSO, days late) are computed on, read once after the first full read. No
    /// <see cref="Checkpoint"/>: the host stores the records as they come. A connector that cannot read it keeps this
    /// default, an empty stream.
    /// </summary>
    IAsyncEnumerable<SyncMessage> ReadPaidHistoryAsync(DateOnly issuedSince, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<SyncMessage>();

    /// <summary>
    /// Re-reads invoices just before acting on them, in as few calls as the platform allows. Ids the platform
    /// no longer knows are absent from the result.
    /// </summary>
    Task<IReadOnlyList<Invoice>> GetInvoicesAsync(IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken);

    /// <summary>
    /// Reads customers by id: those of open invoices the host does not hold after an incremental read, from a connector
    /// with <see cref="ConnectorCapabilities.CustomerLookup"/>. <see cref="CustomerRecord"/>s, or
    /// <see cref="RecordSkipped"/> for one that cannot be read; ids the platform does not know are absent.
    /// </summary>
    Task<IReadOnlyList<SyncMessage>> GetCustomersAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SyncMessage>>([]);

    /// <summary>Writes a status note back (comment, timeline event...). Requires <see cref="ConnectorCapabilities.Notes"/>.</summary>
    Task WriteNoteAsync(NoteRequest note, CancellationToken cancellationToken);

    /// <summary>Sends a reminder through the platform. Requires <see cref="ConnectorCapabilities.NativeSend"/>.</summary>
    Task SendReminderAsync(NativeReminderRequest reminder, CancellationToken cancellationToken);
}
