namespace Relance.Connectors;

/// <summary>Describes a connector type (the <c>spec</c> of an Airbyte source).</summary>
/// <param name="Type">The value of <c>Connector</c> in a connection's configuration, e.g. "pennylane".</param>
/// <param name="DisplayName">Human name shown in reports.</param>
/// <param name="Capabilities">What the platform supports.</param>
/// <param name="DocumentationUrl">Where an admin learns how to obtain credentials.</param>
public sealed record ConnectorDescriptor(
    string Type,
    string DisplayName,
    ConnectorCapabilities Capabilities,
    string? DocumentationUrl = null)
{
    /// <summary>
    /// How many invoices to hand one <see cref="IInvoiceConnector.GetInvoicesAsync"/> call: the platform's bulk size, or
    /// a few where each invoice costs its own request (a quota met mid-call loses at most that call's reads).
    /// <value>The default value is 100.</value>
    /// </summary>
    public int ReReadBatch { get; init; } = 100;

    public bool Supports(ConnectorCapabilities capability) => (Capabilities & capability) == capability;
}
