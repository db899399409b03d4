using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// A small Kestrel endpoint beside the worker (webhooks, the OAuth redirect of <c>relance authorize</c>), silent in
/// the logs, that tells the address it bound — the only way to know the port when the URL asks for port 0.
/// </summary>
internal static class MinimalApi
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string url, Action<WebApplication> map, CancellationToken cancellationToken, Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        if (kestrel is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }
}

/// <summary>A hosted endpoint on <see cref="MinimalApi"/>: started when it has a URL, stopped and disposed with the host.</summary>
internal abstract class MinimalApiService : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where the endpoint listens once started (the port is known only then when configured as 0).</summary>
    public Uri? Address { get; private set; }

    /// <summary>Null or empty: not wanted, nothing listens.</summary>
    protected abstract string? Url { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Url is not { Length: > 0 } url)
        {
            return;
        }

        (_app, var address) = await MinimalApi.StartAsync(url, Map, cancellationToken, Configure);
        Address = address;
        Listening(address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void Map(WebApplication app);

    protected virtual void Configure(KestrelServerOptions kestrel)
    {
    }

    protected abstract void Listening(Uri address);
}
