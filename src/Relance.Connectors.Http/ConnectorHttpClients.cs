using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Relance.Connectors.Http;

/// <summary>The named HttpClient every REST connector registers: resilience, no redirects, bounded answers.</summary>
public static class ConnectorHttpClients
{
    /// <summary>Default ceiling for one answer: the largest page of any of the three APIs is well under 5 MB.</summary>
    public const long DefaultMaxResponseBytes = 32L * 1024 * 1024;

    /// <summary>
    /// Registers <paramref name="name"/> with <see cref="ConservativeHttpHandler"/> above a socket handler that never
    /// follows redirects, and the standard resilience handler when <paramref name="resilience"/> is given.
    /// </summary>
    public static IHttpClientBuilder AddConnectorHttpClient(this IServiceCollection services, string name, Action<HttpStandardResilienceOptions>? resilience, long maxResponseBytes = DefaultMaxResponseBytes)
    {
        var client = services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => new ConservativeHttpHandler(maxResponseBytes)
        {
            InnerHandler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ConnectTimeout = TimeSpan.FromSeconds(15),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
        });
        if (resilience is not null)
        {
            client.AddStandardResilienceHandler(resilience);
        }

        return client;
    }
}
