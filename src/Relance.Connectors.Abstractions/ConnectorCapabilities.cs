namespace Relance.Connectors;

/// <summary>What a platform can do besides listing invoices.</summary>
[Flags]
public enum ConnectorCapabilities
{
    None = 0,

    /// <summary>The platform can e-mail a reminder itself (its own send feature).</summary>
    NativeSend = 1,

    /// <summary>A note/comment/timeline entry can be written back on the invoice or customer.</summary>
    Notes = 2,

    /// <summary>Only what changed since a cursor is read on later syncs.</summary>
    IncrementalSync = 4,

    /// <summary>Invoices carry an online payment link.</summary>
    PaymentLink = 8,

    /// <summary>
    /// An incremental read leaves out the customers it emitted before; the host asks
    /// <see cref="IInvoiceConnector.GetCustomersAsync"/> for those of open invoices it does not hold.
    /// </summary>
    CustomerLookup = 16,
}
