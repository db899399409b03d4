using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relance.Simulators.Hosting;

/// <summary>Starts a minimal API on 127.0.0.1 with a free port and tells its address.</summary>
internal static class LoopbackServer
{
    /// <summary>
    /// Every request first goes through <see cref="StrictHttp"/> (refusals a strict server makes, and the
    /// journal); <paramref name="acceptOptional"/> names the browser-facing routes that need no JSON Accept.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Action<WebApplication> map, RequestJournal journal, CancellationToken cancellationToken, Func<Microsoft.AspNetCore.Http.HttpRequest, bool>? acceptOptional = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseStrictHttp(journal, acceptOptional);
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
