namespace Relance.Connectors;

/// <summary>
/// Entry point of a connector type, registered in DI by the connector's <c>Add…Connector()</c> method
/// (built-in connectors) or by its <see cref="IConnectorModule"/> (plugins dropped in the plugins folder).
/// </summary>
public interface IConnectorFactory
{
    ConnectorDescriptor Descriptor { get; }

    /// <summary>
    /// Validates a connection's settings without calling the platform. Each error names the setting
    /// (relative to the <c>Settings</c> section) and the reason; the host prefixes the full key path.
    /// </summary>
    IEnumerable<string> Validate(ConnectionContext context);

    IInvoiceConnector Create(ConnectionContext context);
}
