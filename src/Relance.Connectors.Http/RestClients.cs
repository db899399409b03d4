using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Relance.Connectors.Http;

/// <summary>Refit clients for one connection, on the named (resilient, shared) HttpClientFactory pipeline.</summary>
public static class RestClients
{
    private static readonly RefitSettings SnakeCase = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,

            // Strict servers refuse "field": null where their schema wants a value: an absent field is the safe form.
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }),

        // Serialized up front so the body goes with its Content-Length (the handler below the pipeline makes sure).
        Buffered = true,
    };

    /// <summary>
    /// Creates a snake_case JSON Refit client. <paramref name="connectionHandler"/> (credentials, per-connection
    /// headers) wraps the factory's pipeline, which keeps resilience and limits shared across connections.
    /// </summary>
    public static T Create<T>(IHttpMessageHandlerFactory handlers, string pipelineName, Uri baseAddress, DelegatingHandler connectionHandler) =>
        Create<T>(handlers, pipelineName, baseAddress, connectionHandler, SnakeCase);

    /// <summary>Same, with the platform's own serializer settings (e.g. PascalCase JSON).</summary>
    public static T Create<T>(IHttpMessageHandlerFactory handlers, string pipelineName, Uri baseAddress, DelegatingHandler connectionHandler, RefitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(connectionHandler);
        connectionHandler.InnerHandler = handlers.CreateHandler(pipelineName);

        // Refit appends relative paths to the base path: no trailing slash, or paths would get a double one.
        var http = new HttpClient(connectionHandler, disposeHandler: false)
        {
            BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/')),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return RestService.For<T>(http, settings);
    }
}
