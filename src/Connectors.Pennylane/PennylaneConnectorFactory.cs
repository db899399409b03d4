using Microsoft.Extensions.Logging;
using Relance.Connectors.Http;
using Relance.Connectors.Pennylane.Internal;

namespace Relance.Connectors.Pennylane;

/// <summary>Builds one <see cref="PennylaneConnector"/> per connection on the shared, resilient HTTP pipeline.</summary>
internal sealed class PennylaneConnectorFactory(IHttpMessageHandlerFactory handlers, ILoggerFactory loggerFactory) : IConnectorFactory
{
    public ConnectorDescriptor Descriptor => Describe();

    public static ConnectorDescriptor Describe() => new(
        PennylaneConstants.ConnectorType,
        "Pennylane",
        ConnectorCapabilities.NativeSend | ConnectorCapabilities.Notes | ConnectorCapabilities.IncrementalSync,
        PennylaneConstants.DocumentationUrl);

    public IEnumerable<string> Validate(ConnectionContext context) =>
        ConnectorSettings.Validate<PennylaneOptions>(context, o => o.BaseAddress.IsAbsoluteUri ? [] : ["BaseAddress: must be an absolute URL."]);

    public IInvoiceConnector Create(ConnectionContext context)
    {
        var options = ConnectorSettings.Bind<PennylaneOptions>(context);
        var api = RestClients.Create<IPennylaneApi>(handlers, PennylaneConstants.HttpClientName, options.BaseAddress, new PennylaneAuthHandler(options));
        return new PennylaneConnector(api, options, context, loggerFactory.CreateLogger<PennylaneConnector>());
    }
}
