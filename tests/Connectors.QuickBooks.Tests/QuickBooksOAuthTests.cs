using Relance.Connectors;
using Relance.Connectors.QuickBooks.Internal;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksOAuthTests
{
    [Fact]
    public async Task Rotated_refresh_token_is_stored_and_used_after_a_restart()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6 });
        Assert.True((await fixture.Connector().CheckAsync(CancellationToken.None)).Succeeded);
        Assert.False(fixture.Simulator.OAuth.IsRefreshTokenValid(fixture.InitialRefreshToken));

        await fixture.Restart();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var check = await fixture.Connector().CheckAsync(CancellationToken.None);

        // The simulator rejects a replaced refresh token: a rotation lost at the restart would fail here.
        Assert.True(check.Succeeded, check.Message);
        Assert.Contains("authorisation valid until 2026-06-19", check.Message, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Simulator.OAuth.Refreshes);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
        var stored = await fixture.Credentials.ReadAsync($"quickbooks-{fixture.Simulator.RealmId}", CancellationToken.None);
        Assert.DoesNotContain(fixture.InitialRefreshToken, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_still_valid_after_a_restart_is_reused_without_refreshing()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6 });
        await fixture.Connector().CheckAsync(CancellationToken.None);

        await fixture.Restart();
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.Equal(1, fixture.Simulator.OAuth.Refreshes);
    }

    [Fact]
    public async Task Short_lived_access_tokens_are_refreshed_near_their_end_not_before_every_call()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6, AccessTokenLifetime = TimeSpan.FromSeconds(60) });
        var connector = fixture.Connector();
        var id = fixture.Simulator.Store.Invoices[0].Id;

        // 40 calls, 5 s apart: 200 s of one-minute tokens.
        for (var call = 0; call < 40; call++)
        {
            await connector.GetInvoicesAsync([id], CancellationToken.None);
            fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.InRange(fixture.Simulator.OAuth.Refreshes, 1, 40 / 10);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
    }

    [Fact]
    public async Task Concurrent_jobs_on_one_realm_refresh_only_once()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 20 });
        var ids = fixture.Simulator.Store.Invoices.Select(i => i.Id).ToList();

        // Two connections of the same company and several jobs each, all starting with no access token.
        var connectors = new[] { fixture.Connector(name: "qbo-a"), fixture.Connector(name: "qbo-b") };
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => connectors[i % 2].GetInvoicesAsync([ids[i]], CancellationToken.None)));

        Assert.Equal(1, fixture.Simulator.OAuth.Refreshes);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
    }

    [Fact]
    public async Task A_cli_command_beside_the_worker_does_not_refresh_with_the_same_token()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6, Latency = TimeSpan.FromMilliseconds(20) });
        var worker = fixture.Connector();
        var cli = fixture.ConnectorInAnotherProcess();

        var checks = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? worker : cli).CheckAsync(CancellationToken.None)));

        Assert.All(checks, c => Assert.True(c.Succeeded, c.Message));
        Assert.Equal(1, fixture.Simulator.OAuth.Refreshes);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
    }

    [Fact]
    public async Task A_401_refreshes_once_and_the_call_goes_through()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6 });
        var connector = fixture.Connector();
        await connector.CheckAsync(CancellationToken.None);

        fixture.Simulator.OAuth.ExpireAccessTokens();
        var check = await connector.CheckAsync(CancellationToken.None);

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(2, fixture.Simulator.OAuth.Refreshes);
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task Invalid_grant_stops_the_connection_until_it_is_reauthorised()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6 });
        await fixture.Connector().CheckAsync(CancellationToken.None);
        fixture.Simulator.OAuth.RevokeAll();
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync());
        await fixture.Restart();
        var again = await Assert.ThrowsAsync<ConnectorException>(async () => await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Equal(ConnectorErrorKind.Configuration, error.Kind);
        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Contains("relance authorize --connection qbo", error.Message, StringComparison.Ordinal);
        Assert.Contains("relance authorize", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Simulator.OAuth.RejectedRefreshes); // stopped: the token endpoint is not hammered

        // The admin pastes a fresh refresh token into the settings: the connection works again.
        var (_, fresh) = fixture.Simulator.OAuth.IssueInitialTokens();
        var check = await fixture.Connector(new Dictionary<string, string?> { ["RefreshToken"] = fresh }).CheckAsync(CancellationToken.None);
        Assert.True(check.Succeeded, check.Message);
    }

    [Fact]
    public async Task The_authorization_code_flow_stores_the_first_tokens()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6 });
        var authorization = Assert.IsAssignableFrom<IConnectorAuthorization>(fixture.Factory);
        var context = fixture.Context(new Dictionary<string, string?> { ["RefreshToken"] = null });
        var redirect = new Uri("http://localhost:8123/callback");

        var url = authorization.BuildAuthorizationUrl(context, redirect, "s-42");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await http.GetAsync(url);
        var callback = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        Assert.Equal("s-42", callback["state"]);
        var message = await authorization.CompleteAsync(context, redirect, callback.AllKeys.ToDictionary(k => k!, k => callback[k]!), CancellationToken.None);

        Assert.Contains(fixture.Simulator.RealmId, message, StringComparison.Ordinal);
        var check = await fixture.Factory.Create(context).CheckAsync(CancellationToken.None);
        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(0, fixture.Simulator.OAuth.Refreshes); // the exchanged access token is used as is
    }

    [Trait("Suite", "Hostile")]
    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task The_refresh_token_and_client_secret_never_follow_a_redirect_of_the_token_endpoint(int status)
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2 });
        await using var elsewhere = await Relance.Simulators.Hosting.HostileServer.StartAsync(_ => Task.CompletedTask);
        await using var redirecting = await Relance.Simulators.Hosting.HostileServer.RedirectingToAsync(elsewhere.Address, status);

        var check = await fixture.Connector(new Dictionary<string, string?> { ["TokenEndpoint"] = new Uri(redirecting.Address, "oauth2/v1/tokens/bearer").ToString() }).CheckAsync(CancellationToken.None);

        Assert.False(check.Succeeded);
        var request = Assert.Single(redirecting.Journal.Requests);
        Assert.Contains(fixture.InitialRefreshToken, request.Body, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Journal.Requests);
    }

    [Theory]
    [InlineData(RefreshStep.Requesting)]
    [InlineData(RefreshStep.Stored)]
    [InlineData(RefreshStep.Done)]
    internal async Task A_crash_at_any_step_of_a_refresh_but_the_answer_in_flight_keeps_the_authorisation(RefreshStep step)
    {
        // The strictest server: every refresh rotates, and a replaced token used again revokes its successor.
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2, RotateOnEveryRefresh = true, RevokeOnReuse = true });
        fixture.Tokens.StepReached = reached => Crash.At(step, reached);

        await Crash.ExpectAsync(() => fixture.Connector().CheckAsync(CancellationToken.None));
        await fixture.Restart();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var check = await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    internal async Task A_crash_while_the_rotated_token_is_in_flight_is_harmless_unless_the_server_rotates_and_revokes_at_once(bool rotateEveryTime, bool expectAuthorised)
    {
        // Intuit rotates about once a day (the notes); the strictest server rotates at every refresh and revokes on reuse.
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2, RotateOnEveryRefresh = rotateEveryTime, RevokeOnReuse = true });
        fixture.Tokens.StepReached = reached => Crash.At(RefreshStep.Answered, reached);

        await Crash.ExpectAsync(() => fixture.Connector().CheckAsync(CancellationToken.None));
        await fixture.Restart();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var check = await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.Equal(expectAuthorised, check.Succeeded);
        if (!expectAuthorised)
        {
            // The one window no client can close: then it is one clear instruction, not a loop of failures.
            Assert.Contains("relance authorize --connection qbo", check.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stop_asked_while_the_rotated_token_is_in_flight_still_stores_it()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2, RotateOnEveryRefresh = true, RevokeOnReuse = true });
        using var stop = new CancellationTokenSource();
        fixture.Tokens.StepReached = reached =>
        {
            if (reached == RefreshStep.Answered)
            {
                stop.Cancel();
            }
        };

        await Record.ExceptionAsync(() => fixture.Connector().CheckAsync(stop.Token));
        await fixture.Restart();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var check = await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.True(stop.IsCancellationRequested);
        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(0, fixture.Simulator.OAuth.RejectedRefreshes);
    }

    private sealed class Crash : Exception
    {
        /// <summary>The crash went through whatever wraps it on the way up (Refit, the connector).</summary>
        public static async Task ExpectAsync(Func<Task> call)
        {
            var thrown = await Record.ExceptionAsync(call);
            for (var e = thrown; ; e = e.InnerException)
            {
                Assert.True(e is not null, $"no crash, but: {thrown}");
                if (e is Crash)
                {
                    return;
                }
            }
        }

        public static void At(RefreshStep planned, RefreshStep reached)
        {
            if (planned == reached)
            {
                throw new Crash();
            }
        }
    }
}
