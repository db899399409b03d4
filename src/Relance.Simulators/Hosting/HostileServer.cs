using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Relance.Simulators.Hosting;

/// <summary>
/// A server on loopback that answers every request with <paramref name="answer"/>: a platform impersonated by
/// someone hostile (redirects elsewhere, endless pages, huge bodies). Its journal shows what reached it.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
