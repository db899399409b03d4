using Microsoft.AspNetCore.Builder;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relance.Simulators.Hosting;

/// <summary>
/// A server on loopback that answers every request with <paramref name="answer"/>: a platform impersonated by
/// someone hostile (redirects elsewhere, endless pages, huge bodies). Its journal shows what reached it.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private static readonly HttpClient Forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    private readonly WebApplication _app;

    private HostileServer(WebApplication app, Uri address, RequestJournal journal)
    {
        _app = app;
        Address = address;
        Journal = journal;
    }

    public Uri Address { get; }

    public RequestJournal Journal { get; }

    public static async Task<HostileServer> StartAsync(Func<HttpContext, Task> answer, CancellationToken cancellationToken = default)
    {
        var journal = new RequestJournal();
        var (app, address) = await LoopbackServer.StartAsync(a => a.Run(c => answer(c)), journal, cancellationToken, acceptOptional: _ => true);
        return new HostileServer(app, address, journal);
    }

    /// <summary>A server that answers every request with a <paramref name="status"/> redirect to the same path on <paramref name="target"/>.</summary>
    public static Task<HostileServer> RedirectingToAsync(Uri target, int status = 302, CancellationToken cancellationToken = default) =>
        StartAsync(
            c =>
            {
                c.Response.StatusCode = status;
                c.Response.Headers.Location = new Uri(target, (c.Request.Path + c.Request.QueryString).ToString()).ToString();
                return Task.CompletedTask;
            },
            cancellationToken);

    /// <summary>
    /// A server in front of <paramref name="target"/> (a simulator) that forwards every request as it came and
    /// hands each JSON answer to <paramref name="rewrite"/> (request path, parsed body) before returning it: the
    /// platform's real shapes, with exactly the hostile change a test wants.
    /// </summary>
    public static Task<HostileServer> RewritingAsync(Uri target, Action<string, JsonNode> rewrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rewrite);
        return StartAsync(
            async c =>
            {
                var (status, contentType, text) = await ForwardAsync(c, target);
                if (status is >= 200 and < 300 && JsonNode.Parse(text.Length == 0 ? "null" : text) is { } json)
                {
                    rewrite(c.Request.Path.Value ?? "", json);
                    text = json.ToJsonString();
                }

                await AnswerAsync(c, status, contentType, text);
            },
            cancellationToken);
    }

    /// <summary>
    /// A server in front of <paramref name="target"/> that answers each request as <paramref name="plan"/> decides:
    /// forwarded as it is, or one of the failures real platforms and networks produce (<see cref="HttpFault"/>).
    /// </summary>
    public static Task<HostileServer> FaultyAsync(Uri target, Func<HttpRequest, HttpFault> plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(plan);
        return StartAsync(
            async c =>
            {
                var fault = plan(c.Request);
                switch (fault)
                {
                    case HttpFault.ConnectionReset:
                        c.Abort();
                        return;
                    case HttpFault.InternalServerError or HttpFault.BadGateway or HttpFault.ServiceUnavailable:
                        await AnswerAsync(c, fault switch { HttpFault.InternalServerError => 500, HttpFault.BadGateway => 502, _ => 503 }, "application/json", """{"error":"injected failure"}""");
                        return;
                    case HttpFault.TooManyRequests or HttpFault.TooManyRequestsWithRetryAfter:
                        if (fault == HttpFault.TooManyRequestsWithRetryAfter)
                        {
                            c.Response.Headers.RetryAfter = "1";
                        }

                        await AnswerAsync(c, 429, "application/json", """{"error":"rate limit exceeded"}""");
                        return;
                    case HttpFault.HtmlInsteadOfJson:
                        await AnswerAsync(c, 200, "text/html", "<html><body><h1>Maintenance</h1><p>Back soon.</p></body></html>");
                        return;
                }

                if (fault == HttpFault.SlowAnswer)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), c.RequestAborted);
                }

                var (status, contentType, text) = await ForwardAsync(c, target);
                if (fault == HttpFault.TruncatedJson && status == 200)
                {
                    text = text[..(text.Length / 2)];
                }

                await AnswerAsync(c, status, contentType, text);
            },
            cancellationToken);
    }

    private static async Task<(int Status, string ContentType, string Text)> ForwardAsync(HttpContext c, Uri target)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(c.Request.Method), new Uri(target, (c.Request.Path + c.Request.QueryString).ToString().TrimStart('/')));
        if (c.Request.ContentLength is > 0)
        {
            using var buffer = new MemoryStream();
            await c.Request.Body.CopyToAsync(buffer, c.RequestAborted);
            forward.Content = new ByteArrayContent(buffer.ToArray());
            forward.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(c.Request.ContentType ?? "application/json");
        }

        foreach (var header in c.Request.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && h.Key != "Host"))
        {
            forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        using var answer = await Forwarder.SendAsync(forward, c.RequestAborted);
        var text = await answer.Content.ReadAsStringAsync(c.RequestAborted);
        return ((int)answer.StatusCode, answer.Content.Headers.ContentType?.ToString() ?? "application/json", text);
    }

    private static async Task AnswerAsync(HttpContext c, int status, string contentType, string text)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = contentType;
        await c.Response.WriteAsync(text, c.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What <see cref="HostileServer.FaultyAsync"/> does with one request.</summary>
public enum HttpFault
{
    None,
    InternalServerError,
    BadGateway,
    ServiceUnavailable,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset,

    /// <summary>200 with the first half of the real body.</summary>
    TruncatedJson,

    /// <summary>200 with a maintenance page, as a proxy in front of the API answers.</summary>
    HtmlInsteadOfJson,

    /// <summary>429 without <c>Retry-After</c>.</summary>
    TooManyRequests,

    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    TooManyRequestsWithRetryAfter,

    /// <summary>The real answer, two seconds late.</summary>
    SlowAnswer,
}
