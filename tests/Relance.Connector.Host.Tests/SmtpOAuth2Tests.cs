using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>Microsoft 365 without a password: SMTP XOAUTH2 with a token from Azure.Identity.</summary>
public sealed class SmtpOAuth2Tests
{
    private const string Mailbox = "relances@acme.example";
    private const string IdentityHeader = "identity-header-secret";

    [SkippableFact]
    public async Task Reminders_go_through_an_xoauth2_relay_with_a_managed_identity_token_and_no_password()
    {
        SkipUnlessAvailable();
        var token = "eyJ0eXAi." + Guid.NewGuid().ToString("N");
        await using var smtp = await OAuth2SmtpServer.StartAsync(token);
        var requests = new ConcurrentQueue<(string? Resource, string? Header)>();
        await using var identity = await StartIdentityEndpointAsync(token, requests);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0, RateLimitPermits = 1000 }, TimeProvider.System);
        using var data = new TempDirectory();
        var settings = ManagedIdentitySettings(pennylane, smtp, identity, data);

        var (exit, output) = await RelanceProcess.RunAsync(data.Path, settings, "run", "--once");

        Assert.True(exit == 0, output);
        Assert.NotEmpty(smtp.Messages);
        Assert.All(smtp.Messages, m => Assert.Equal(Mailbox, m.User));
        Assert.All(smtp.Logins, l => Assert.Equal((Mailbox, true), l));
        Assert.Contains(requests, r => r is { Resource: "https://outlook.office365.com", Header: IdentityHeader });
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_token_the_relay_refuses_sends_nothing_and_says_which_relay_and_setting()
    {
        SkipUnlessAvailable();
        await using var smtp = await OAuth2SmtpServer.StartAsync("the-token-exchange-online-expects");
        var requests = new ConcurrentQueue<(string? Resource, string? Header)>();
        await using var identity = await StartIdentityEndpointAsync("a-token-for-another-resource", requests);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0, RateLimitPermits = 1000 }, TimeProvider.System);
        using var data = new TempDirectory();
        var settings = ManagedIdentitySettings(pennylane, smtp, identity, data);

        var (_, output) = await RelanceProcess.RunAsync(data.Path, settings, "run", "--once");

        Assert.Empty(smtp.Messages);
        Assert.Contains(smtp.Logins, l => l == (Mailbox, false));
        Assert.Contains($"SMTP 127.0.0.1:{smtp.Port}", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_reply_mailbox_is_read_with_an_xoauth2_token_from_the_managed_identity()
    {
        DovecotServer.SkipUnlessAvailable();
        var token = "eyJ0eXAi." + Guid.NewGuid().ToString("N");
        var checkedTokens = new ConcurrentQueue<string>();
        await using var introspection = await StartIntrospectionAsync(token, checkedTokens);
        await using var dovecot = await DovecotServer.StartAsync(introspection: new Uri($"{introspection.Urls.Single()}/introspect"));
        var requests = new ConcurrentQueue<(string? Resource, string? Header)>();
        await using var identity = await StartIdentityEndpointAsync(token, requests);
        var reply = new MimeKit.MimeMessage { Subject = "RE: Relance facture F-1", Body = new MimeKit.TextPart("plain") { Text = "Bien reçu." } };
        reply.From.Add(MimeKit.MailboxAddress.Parse("jane@client.example"));
        await dovecot.DeliverAsync(reply);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 5, ScheduledPaymentShare = 0 }, TimeProvider.System);
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?>(RelanceTestHost.PennylaneConnection("acme", pennylane))
        {
            ["Relance:DataDirectory"] = Path.Combine(data.Path, "data"),
            ["Relance:Inbox:Host"] = "127.0.0.1",
            ["Relance:Inbox:Port"] = dovecot.Port.ToString(CultureInfo.InvariantCulture),
            ["Relance:Inbox:Security"] = "None",
            ["Relance:Inbox:UserName"] = dovecot.UserName,
            ["Relance:Inbox:OAuth2:ManagedIdentity"] = "true",
            ["IDENTITY_ENDPOINT"] = $"{identity.Urls.Single()}/msi/token",
            ["IDENTITY_HEADER"] = IdentityHeader,
        };

        var (exit, stdout, stderr) = await RelanceProcess.RunApartAsync(data.Path, settings, "inbox", "--read", "--format", "json");

        Assert.True(exit == 0, $"exit {exit}: {stderr} {stdout}");
        Assert.Contains("1 new message(s) read", stderr, StringComparison.Ordinal);
        Assert.Contains("jane@client.example", stdout, StringComparison.Ordinal);
        Assert.Equal([token], checkedTokens.Distinct());
        Assert.Contains(requests, r => r is { Resource: "https://outlook.office365.com", Header: IdentityHeader });
    }

    [Fact]
    public async Task Oauth2_settings_that_cannot_work_are_refused_at_start_naming_the_key()
    {
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 5, ScheduledPaymentShare = 0 }, TimeProvider.System);
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?>(RelanceTestHost.PennylaneConnection("acme", pennylane))
        {
            ["Relance:DataDirectory"] = Path.Combine(data.Path, "data"),
            ["Relance:Delivery:Mode"] = "Smtp",
            ["Relance:Delivery:Smtp:Host"] = "smtp.office365.com",
            ["Relance:Delivery:Smtp:Password"] = "hunter2",
            ["Relance:Delivery:Smtp:OAuth2:TenantId"] = "contoso.onmicrosoft.com",
        };

        var (exit, output) = await RelanceProcess.RunAsync(data.Path, settings, "validate");

        Assert.Equal(1, exit);
        Assert.Contains("Relance:Delivery:Smtp:UserName is required with Relance:Delivery:Smtp:OAuth2", output, StringComparison.Ordinal);
        Assert.Contains("Relance:Delivery:Smtp:Password and Relance:Delivery:Smtp:OAuth2 are both set", output, StringComparison.Ordinal);
        Assert.Contains("needs TenantId, ClientId and ClientSecret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
    }

    private static void SkipUnlessAvailable()
    {
        var missing = OAuth2SmtpServer.Unavailable();
        if (missing is not null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException(missing);
        }

        Skip.If(missing is not null, missing);
    }

    // The managed identity of an App Service: Azure.Identity reads its endpoint from these two variables.
    private static Dictionary<string, string?> ManagedIdentitySettings(PennylaneSimulator pennylane, OAuth2SmtpServer smtp, WebApplication identity, TempDirectory data)
    {
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), Relay(smtp));
        settings["Relance:DataDirectory"] = Path.Combine(data.Path, "data");
        settings["Relance:Delivery:Smtp:OAuth2:ManagedIdentity"] = "true";
        settings["IDENTITY_ENDPOINT"] = $"{identity.Urls.Single()}/msi/token";
        settings["IDENTITY_HEADER"] = IdentityHeader;
        Unrestricted(settings, "acme");
        return settings;
    }

    private static Dictionary<string, string?> Relay(OAuth2SmtpServer smtp) => new()
    {
        ["Relance:Delivery:Mode"] = "Smtp",
        ["Relance:Delivery:Smtp:Host"] = "127.0.0.1",
        ["Relance:Delivery:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Relance:Delivery:Smtp:Security"] = "None",
        ["Relance:Delivery:Smtp:UserName"] = Mailbox,
    };

    private static void Unrestricted(Dictionary<string, string?> settings, string connection)
    {
        settings[$"Relance:Connections:{connection}:Calendar"] = "none";
        settings[$"Relance:Connections:{connection}:Weekends"] = "true";
        settings[$"Relance:Connections:{connection}:SendingWindow"] = "00:00-23:59";
    }

    // An OAuth2 introspection endpoint (RFC 7662) dovecot asks about each XOAUTH2 token: active only for the one issued.
    private static async Task<WebApplication> StartIntrospectionAsync(string token, ConcurrentQueue<string> checkedTokens)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/introspect", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var presented = form["token"].ToString();
            checkedTokens.Enqueue(presented);
            return presented == token
                ? Results.Json(new { active = true, username = "relances@acme.example" })
                : Results.Json(new { active = false });
        });
        await app.StartAsync();
        return app;
    }

    // An App Service managed identity endpoint (api-version 2019-08-01): a token for the resource asked, if the
    // secret header is right.
    private static async Task<WebApplication> StartIdentityEndpointAsync(string token, ConcurrentQueue<(string? Resource, string? Header)> requests)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/msi/token", (HttpContext context) =>
        {
            var resource = context.Request.Query["resource"].ToString();
            var header = context.Request.Headers["X-IDENTITY-HEADER"].ToString();
            requests.Enqueue((resource, header));
            return header != IdentityHeader
                ? Results.Json(new { error = "invalid_request" }, statusCode: 400)
                : Results.Json(new Dictionary<string, string>
                {
                    ["access_token"] = token,
                    ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    ["resource"] = resource,
                    ["token_type"] = "Bearer",
                });
        });
        await app.StartAsync();
        return app;
    }
}
