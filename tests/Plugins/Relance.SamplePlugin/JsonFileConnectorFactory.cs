using Relance.Connectors;

namespace Relance.SamplePlugin;

public sealed class JsonFileConnectorFactory : IConnectorFactory
{
    public static readonly ConnectorDescriptor Descriptor = new("json-file", "JSON file (sample plugin)", ConnectorCapabilities.Notes);

    ConnectorDescriptor IConnectorFactory.Descriptor => Descriptor;

    public IEnumerable<string> Validate(ConnectionContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Settings["Path"]))
        {
            yield return "Path: required (the JSON file with invoices and customers).";
        }
    }

    public IInvoiceConnector Create(ConnectionContext context) => new JsonFileConnector(context.Settings["Path"]!);
}
