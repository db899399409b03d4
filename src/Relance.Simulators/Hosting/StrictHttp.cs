using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Relance.Simulators.Hosting;

/// <summary>
/// What every simulator refuses before its own routes see a request, as strict servers and proxies do: a body
/// sent chunked (no <c>Content-Length</c>: 411), an <c>Accept</c> that does not take JSON (406), a body that is
/// not valid UTF-8 when declared as JSON (400). Kestrel itself reads chunked bodies, which is how our first
/// simulators hid the connectors' chunked uploads that real servers read as empty.
/// Every request, refused or not, is written to the <see cref="RequestJournal"/> with its headers and body.
/// </summary>
internal static class StrictHttp
{
    /// <summary>Bodies larger than this are not kept in the journal (they are still answered).</summary>
    private const int MaxJournalBody = 64 * 1024;

    public static void UseStrictHttp(this WebApplication app, RequestJournal journal, Func<HttpRequest, bool>? acceptOptional = null) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            request.EnableBuffering();
            var body = await ReadBodyAsync(request, context.RequestAborted);
            request.Body.Position = 0;
            var recorded = 0;
            void Record()
            {
                if (Interlocked.Exchange(ref recorded, 1) == 0)
                {
                    journal.Add(new RecordedRequest(
                        request.Method,
                        request.Path.Value ?? "",
                        request.QueryString.Value ?? "",
                        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                        body.Length <= MaxJournalBody ? Encoding.UTF8.GetString(body) : $"<{body.Length} bytes>",
                        context.Response.StatusCode,
                        TimeProvider.System.GetUtcNow()));
                }
            }

            // Journaled as the answer starts, before the client can read a byte of it: a test that asserts on the
            // journal right after its call returned never races the server.
            context.Response.OnStarting(() =>
            {
                Record();
                return Task.CompletedTask;
            });
            var problem = Check(request, body, acceptOptional?.Invoke(request) == true);
            if (problem is { } refused)
            {
                context.Response.StatusCode = refused.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsJsonAsync(new { error = refused.Message, status = refused.Status }, context.RequestAborted);
            }
            else
            {
                await next(context);
            }

            Record();
        });

    private static (int Status, string Message)? Check(HttpRequest request, byte[] body, bool acceptOptional)
    {
        var chunked = request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
        if (chunked || (request.ContentLength is null && HttpMethods.IsPost(request.Method) | HttpMethods.IsPut(request.Method) | HttpMethods.IsPatch(request.Method)))
        {
            return (411, "Length Required: send the request body with a Content-Length header (chunked bodies are not read)");
        }

        var accept = request.Headers.Accept.ToString();
        if (!acceptOptional && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            return (406, string.Create(CultureInfo.InvariantCulture, $"Not Acceptable: send 'Accept: application/json' (got '{accept}')"));
        }

        if (body.Length > 0 && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && !IsUtf8(body))
        {
            return (400, "Bad Request: the JSON body is not valid UTF-8");
        }

        return null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
