using Microsoft.Extensions.Logging;
using Relance.Connectors.Http;
using Relance.Connectors.Axonaut.Internal;

namespace Relance.Connectors.Axonaut;

/// <summary>Builds one <see cref="AxonautConnector"/> per connection on the shared, resilient HTTP pipeline.</summary>
internal sealed class AxonautConnectorFactory(IHttpMessageHandlerFactory handlers, Relance.Connectors.Http.KeyedRateLimiters limiters, ILoggerFactory loggerFactory) : IConnectorFactory
{
    public ConnectorDescriptor Descriptor => Describe(nativeSend: false);

    public static ConnectorDescriptor Describe(bool nativeSend) => new(
        AxonautConstants.ConnectorType,
        "Axonaut",
        ConnectorCapabilities.Notes | ConnectorCapabilities.IncrementalSync | ConnectorCapabilities.PaymentLink | ConnectorCapabilities.CustomerLookup | (nativeSend ? ConnectorCapabilities.NativeSend : ConnectorCapabilities.None),
        AxonautConstants.DocumentationUrl)
    {
        // One request per invoice (no bulk read by id): small calls, so a daily quota met mid-run wastes little.
        ReReadBatch = 5,
    };

    public IEnumerable<string> Validate(ConnectionContext context) =>
        ConnectorSettings.Validate<AxonautOptions>(context, o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _) ? [] : [$"TimeZone: '{o.TimeZone}' is not a known time zone."]);

    public IInvoiceConnector Create(ConnectionContext context)
    {
        var options = ConnectorSettings.Bind<AxonautOptions>(context);
        var api = RestClients.Create<IAxonautApi>(handlers, AxonautConstants.HttpClientName, options.BaseAddress, new AxonautAuthHandler(options, limiters));
        return new AxonautConnector(api, options, context, loggerFactory.CreateLogger<AxonautConnector>());
    }
}
