using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Relance.Connector.Host.Hosting;
using Relance.Connectors;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// <c>relance authorize --connection NAME</c>: the OAuth2 authorisation-code flow, once, for platforms that need it
/// (QuickBooks). Prints the consent URL, receives the redirect on loopback, and lets the connector exchange the code
/// and store the tokens in the credential store.
/// </summary>
internal static class AuthorizeCommand
{
    private static readonly TimeSpan WaitForConsent = TimeSpan.FromMinutes(10);

    public static Command Create(Func<IHost> build)
    {
        var connection = new Option<string>("--connection") { Description = "The connection to authorise.", Required = true };
        // Read as text and checked here: the parser's own Uri conversion ends in an exception for values it refuses.
        var redirect = new Option<string>("--redirect-uri")
        {
            Description = "Redirect URI registered in the app's settings (loopback only; default http://localhost:8123/callback).",
            DefaultValueFactory = _ => "http://localhost:8123/callback",
        };
        redirect.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out _))
            {
                r.AddError($"--redirect-uri '{r.Tokens[0].Value}' is not an absolute URI; give e.g. http://localhost:8123/callback.");
            }
        });
        var command = new Command("authorize", "Obtain the first OAuth tokens of a connection (QuickBooks): open the printed link, approve, done.") { connection, redirect };
        command.SetAction(async (parse, ct) =>
        {
            using var host = build();
            try
            {
                return await RunAsync(host.Services, parse.GetValue(connection)!, new Uri(parse.GetValue(redirect)!, UriKind.Absolute), AnsiConsole.Console, browse: null, ct);
            }
            catch (OptionsValidationException ex)
            {
                RelanceCli.PrintErrors(ex);
                return 1;
            }
        });
        return command;
    }

    /// <param name="browse">Stands in for the admin's browser (tests); null: the URL is printed and a person opens it.</param>
    public static async Task<int> RunAsync(IServiceProvider services, string name, Uri redirectUri, IAnsiConsole console, Func<Uri, Task>? browse, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<RelanceOptions>>().Value;
        if (!options.Connections.TryGetValue(name, out var configured))
        {
            console.MarkupLineInterpolated($"[red]No connection named '{name}' under Relance:Connections.[/]");
            return 1;
        }

        if (services.GetRequiredService<ConnectorCatalog>().Find(configured.Connector) is not IConnectorAuthorization authorization)
        {
            console.MarkupLineInterpolated($"[red]Connection '{name}' uses connector '{configured.Connector}', which has no OAuth authorisation: set its credentials in Settings.[/]");
            return 1;
        }

        if (!redirectUri.IsAbsoluteUri || !redirectUri.IsLoopback || redirectUri.Scheme != Uri.UriSchemeHttp)
        {
            console.MarkupLine("[red]--redirect-uri must be an http://localhost or http://127.0.0.1 address: the redirect is received on this machine.[/]");
            return 1;
        }

        var context = await services.GetRequiredService<ConnectionFactory>().CreateContextAsync(name, cancellationToken);
        var state = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var callback = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Listener listener;
        try
        {
            listener = await ListenAsync(redirectUri, state, callback, cancellationToken);
        }
        catch (IOException ex)
        {
            console.MarkupLineInterpolated($"[red]Cannot listen on {redirectUri.GetLeftPart(UriPartial.Authority)} for the redirect ({ex.Message}): another program uses that port. Choose another with --redirect-uri (and register it in the app's settings).[/]");
            return 1;
        }

        await using var _ = listener;
        var effective = listener.RedirectUri;
        var url = authorization.BuildAuthorizationUrl(context, effective, state);
        console.MarkupLine("Open this link, sign in to the company and approve Relance:");
        console.WriteLine(url.ToString());
        console.MarkupLineInterpolated($"[grey]Waiting for the redirect on {effective} (up to {WaitForConsent.TotalMinutes:0} minutes)…[/]");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WaitForConsent);
        var browsing = browse?.Invoke(url) ?? Task.CompletedTask;
        IReadOnlyDictionary<string, string> query;
        try
        {
            query = await callback.Task.WaitAsync(timeout.Token);
            await browsing;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[red]No redirect received in time; run the command again.[/]");
            return 1;
        }

        try
        {
            var message = await authorization.CompleteAsync(context, effective, query, cancellationToken);
            console.MarkupLineInterpolated($"[green]{message}[/]");
            return 0;
        }
        catch (ConnectorException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }
    }

    private static async Task<Listener> ListenAsync(Uri redirectUri, string state, TaskCompletionSource<IReadOnlyDictionary<string, string>> callback, CancellationToken cancellationToken)
    {
        var (app, bound) = await MinimalApi.StartAsync(
            $"http://{redirectUri.Host}:{redirectUri.Port}",
            app => app.MapGet(redirectUri.AbsolutePath, (HttpContext http) =>
            {
                var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
                if (query.GetValueOrDefault("state") != state)
                {
                    // Not the answer to our request (CSRF or a stale tab): ignore it and keep waiting.
                    return Results.BadRequest("Unexpected state: this link does not belong to the running `relance authorize`.");
                }

                callback.TrySetResult(query);
                return Results.Text("Relance received the authorisation. You can close this tab.");
            }),
            cancellationToken);
        return new Listener(app, new UriBuilder(redirectUri) { Port = redirectUri.Port == 0 ? bound.Port : redirectUri.Port }.Uri);
    }

    private sealed record Listener(WebApplication App, Uri RedirectUri) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
