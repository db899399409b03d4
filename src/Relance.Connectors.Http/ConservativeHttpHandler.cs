using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Relance.Connectors.Http;

/// <summary>
/// The innermost step of every connector request, right above the socket. Conservative in what it sends: a body
/// always goes with its <c>Content-Length</c> (servers and proxies that do not read chunked uploads see an empty
/// body: that is how every status note was once rejected), an explicit <c>Accept</c>, JSON typed as UTF-8.
/// Wary of what comes back: a redirect is handed back, never followed (credentials stay with the configured
/// origin), and a body larger than <see cref="MaxResponseBytes"/> is refused while it is read, never buffered whole.
/// </summary>
public sealed class ConservativeHttpHandler(long maxResponseBytes) : DelegatingHandler
{
    public long MaxResponseBytes { get; } = maxResponseBytes > 0 ? maxResponseBytes : throw new ArgumentOutOfRangeException(nameof(maxResponseBytes));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        request.Headers.TransferEncodingChunked = false;
        if (request.Content is { } content)
        {
            if (content.Headers.ContentType is { } type && type.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true && type.CharSet is null)
            {
                type.CharSet = "utf-8";
            }

            if (content.Headers.ContentLength is null)
            {
                request.Content = await BufferedAsync(content, cancellationToken);
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode is >= 300 and < 400 and not 304)
        {
            // A moved API means a wrong base address; following it would take the API key (a custom header .NET
            // does not strip) or a re-posted token form to whatever host the Location names.
            var problem = string.Create(CultureInfo.InvariantCulture, $"{request.RequestUri?.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} with a redirect to '{(response.Headers.Location is { IsAbsoluteUri: true } location ? location.GetLeftPart(UriPartial.Authority) : "a relative path")}', not followed so that credentials stay with the configured address: check the connection's base address");
            response.Dispose();
            throw new ResponseRefusedException(problem);
        }

        return await BoundedAsync(response, cancellationToken);
    }

    private static async Task<HttpContent> BufferedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffered = WithHeadersOf(content, await content.ReadAsByteArrayAsync(cancellationToken));
        content.Dispose();
        return buffered;
    }

    // The same content headers over bytes whose length is now known (Content-Length then computes itself).
    private static ByteArrayContent WithHeadersOf(HttpContent source, byte[] bytes)
    {
        var copy = new ByteArrayContent(bytes);
        foreach (var header in source.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }

    private async Task<HttpResponseMessage> BoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            var declared = response.Content.Headers.ContentLength;
            response.Dispose();
            throw new ResponseRefusedException(string.Create(CultureInfo.InvariantCulture, $"the answer announces {declared} bytes, more than the {MaxResponseBytes} accepted"));
        }

        // Read here, inside the resilience pipeline's attempt timeout: a body that trickles is cut by that timeout.
        using var buffer = new MemoryStream();
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    response.Dispose();
                    throw new ResponseRefusedException(string.Create(CultureInfo.InvariantCulture, $"the answer is larger than the {MaxResponseBytes} bytes accepted"));
                }

                buffer.Write(chunk, 0, read);
            }
        }

        var bounded = WithHeadersOf(response.Content, buffer.ToArray());
        response.Content.Dispose();
        response.Content = bounded;
        return response;
    }
}

/// <summary>An answer refused by <see cref="ConservativeHttpHandler"/> (a redirect, too large a body); never retried.</summary>
public sealed class ResponseRefusedException(string message) : Exception(message);
