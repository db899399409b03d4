using System.Text.Json;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Http;
using Relance.Connectors.QuickBooks.Internal;

namespace Relance.Connectors.QuickBooks;

/// <summary>Builds one <see cref="QuickBooksConnector"/> per connection; runs the authorisation-code flow for <c>relance authorize</c>.</summary>
internal sealed class QuickBooksConnectorFactory(IHttpMessageHandlerFactory handlers, QuickBooksTokens tokens, ILoggerFactory loggerFactory) : IConnectorFactory, IConnectorAuthorization
{
    private static readonly RefitSettings PascalCase = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        }),

        // Serialized up front so the body goes with its Content-Length.
        Buffered = true,
    };

    public ConnectorDescriptor Descriptor => Describe(nativeSend: false);

    public static ConnectorDescriptor Describe(bool nativeSend) => new(
        QuickBooksConstants.ConnectorType,
        "QuickBooks Online",
        ConnectorCapabilities.Notes | ConnectorCapabilities.IncrementalSync | ConnectorCapabilities.PaymentLink | ConnectorCapabilities.CustomerLookup | (nativeSend ? ConnectorCapabilities.NativeSend : ConnectorCapabilities.None),
        QuickBooksConstants.DocumentationUrl);

    public IEnumerable<string> Validate(ConnectionContext context) =>
        ConnectorSettings.Validate<QuickBooksOptions>(context, o =>
            o.RealmId.Length > 0 && !o.RealmId.All(char.IsAsciiDigit) ? [$"RealmId: '{o.RealmId}' is not a QuickBooks company id (digits only)."] : []);

    public IInvoiceConnector Create(ConnectionContext context)
    {
        var options = ConnectorSettings.Bind<QuickBooksOptions>(context);
        var handler = new QuickBooksHandler(options, context, tokens, loggerFactory.CreateLogger<QuickBooksConnector>());
        var api = RestClients.Create<IQuickBooksApi>(handlers, QuickBooksConstants.HttpClientName, options.ApiBase, handler, PascalCase);
        return new QuickBooksConnector(api, options, context, tokens, loggerFactory.CreateLogger<QuickBooksConnector>());
    }

    public Uri BuildAuthorizationUrl(ConnectionContext context, Uri redirectUri, string state)
    {
        var options = ConnectorSettings.Bind<QuickBooksOptions>(context);
        var query = $"client_id={Uri.EscapeDataString(options.ClientId)}&response_type=code&scope={Uri.EscapeDataString(QuickBooksConstants.Scope)}&redirect_uri={Uri.EscapeDataString(redirectUri.ToString())}&state={Uri.EscapeDataString(state)}";
        return new UriBuilder(options.AuthorizationEndpoint) { Query = query }.Uri;
    }

    public async Task<string> CompleteAsync(ConnectionContext context, Uri redirectUri, IReadOnlyDictionary<string, string> callbackQuery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callbackQuery);
        var options = ConnectorSettings.Bind<QuickBooksOptions>(context);
        if (callbackQuery.TryGetValue("error", out var error))
        {
            throw new ConnectorException(ConnectorErrorKind.Configuration, $"Intuit did not authorise the app: {error}.");
        }

        var code = callbackQuery.GetValueOrDefault("code") ?? throw new ConnectorException(ConnectorErrorKind.Platform, "Intuit's redirect carries no code.");
        var realm = callbackQuery.GetValueOrDefault("realmId");
        if (realm is not null && options.RealmId.Length > 0 && realm != options.RealmId)
        {
            throw new ConnectorException(ConnectorErrorKind.Configuration, $"The company chosen in QuickBooks is realm {realm}, but Relance:Connections:{context.Name}:Settings:RealmId is {options.RealmId}: pick the right company or fix the setting.");
        }

        options.RealmId = realm ?? options.RealmId;
        var state = await tokens.ExchangeCodeAsync(options, context, code, redirectUri, cancellationToken);
        return $"QuickBooks realm {options.RealmId} authorised for connection '{context.Name}'; tokens stored (refresh token valid until {state.RefreshExpiresAt:yyyy-MM-dd}).";
    }
}
