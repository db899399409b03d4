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
