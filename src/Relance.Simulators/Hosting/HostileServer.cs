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
                c.Response.StatusCode = (int)answer.StatusCode;
                c.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "application/json";
                if (answer.IsSuccessStatusCode && JsonNode.Parse(text.Length == 0 ? "null" : text) is { } json)
                {
                    rewrite(c.Request.Path.Value ?? "", json);
                    text = json.ToJsonString();
                }

                await c.Response.WriteAsync(text, c.RequestAborted);
            },
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
