using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relance.Connectors;
using Relance.Simulators.Pennylane;

namespace Relance.Connectors.Pennylane.Tests;

public sealed class PennylaneResilienceTests
{
    [Fact]
    public async Task Rate_limited_request_is_retried_after_Retry_After_and_the_read_completes()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 20, RateLimitPermits = 1000 });
        fixture.Simulator.ForceRateLimit(2, retryAfterSeconds: 1);

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.IsType<Checkpoint>(messages[^1]);
        var requests = fixture.Simulator.Store.Requests;
        Assert.Equal(429, requests[0].Status);
        Assert.Equal(429, requests[1].Status);
        Assert.Equal(200, requests[2].Status);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), "the retry must wait for Retry-After (1 s)");
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(900), "the retry must wait for Retry-After (1 s)");
    }

    [Fact]
    public async Task Client_side_limiter_keeps_requests_under_the_platform_limit()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 20, RateLimitPermits = 5, RateLimitWindow = TimeSpan.FromSeconds(2) });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["RateLimitPermits"] = "5", ["RateLimitWindow"] = "00:00:02" });
        var ids = fixture.Simulator.Store.Invoices.Select(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // Warm up (JIT, first connection) outside the measured run, then let both windows reset: a slow first
        // request would otherwise start the server's window late and blur what this test pins.
        await connector.GetInvoicesAsync([ids[0]], CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        fixture.Simulator.Store.ClearRequests();

        for (var i = 0; i < 16; i++)
        {
            await connector.GetInvoicesAsync([ids[i]], CancellationToken.None);
        }

        Assert.Equal(16, fixture.Simulator.Store.Requests.Count);
        Assert.All(fixture.Simulator.Store.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Check_with_a_bad_token_fails_with_an_actionable_message()
    {
        await using var fixture = await PennylaneFixture.StartAsync();

        var result = await fixture.Connector(new Dictionary<string, string?> { ["Token"] = "wrong-token" }).CheckAsync(CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("401", result.Message, StringComparison.Ordinal);
        Assert.Contains("Settings:Token", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_with_a_good_token_succeeds()
    {
        await using var fixture = await PennylaneFixture.StartAsync();

        var result = await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);

        // Each read proved on its own; writing a comment cannot be proved without writing one, and says so.
        Assert.Equal([("read invoices", (bool?)true), ("read customers", true), ("read the change feed", true), ("write notes (invoice comments)", null)], result.Permissions.Select(p => (p.What, p.Granted)));
        Assert.Contains("not provable without acting: write notes (invoice comments)", result.Message, StringComparison.Ordinal);
        Assert.Contains("customer_invoices:all", result.Permissions[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_token_cannot_write_a_note_and_says_which_scope_is_missing()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { Tokens = ["rw", "ro"], ReadOnlyTokens = ["ro"], RateLimitPermits = 1000 });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["Token"] = "ro" });
        var invoice = fixture.Simulator.Store.Invoices[0];

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            connector.WriteNoteAsync(new NoteRequest("a1", invoice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "501", "hello"), CancellationToken.None));

        Assert.Equal(ConnectorErrorKind.Configuration, error.Kind);
        Assert.Contains("customer_invoices:all", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Simulator.Store.Comments);
    }

    [Fact]
    public async Task Retried_note_is_not_written_twice()
    {
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector();
        var invoiceId = fixture.Simulator.Store.Invoices[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await connector.WriteNoteAsync(new NoteRequest("action-42", invoiceId, "501", "Relance: friendly reminder sent"), CancellationToken.None);
        await connector.WriteNoteAsync(new NoteRequest("action-42", invoiceId, "501", "Relance: friendly reminder sent", IsRetry: true), CancellationToken.None);
        await connector.WriteNoteAsync(new NoteRequest("action-43", invoiceId, "501", "Relance: firm reminder sent", IsRetry: true), CancellationToken.None);

        var comments = fixture.Simulator.Store.Comments;
        Assert.Equal(2, comments.Count);
        Assert.Single(comments, c => c.Content.Contains("[relance:action-42]", StringComparison.Ordinal));
        Assert.Single(comments, c => c.Content.Contains("[relance:action-43]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_without_a_token_are_rejected_naming_the_setting()
    {
        await using var fixture = await PennylaneFixture.StartAsync(seed: false);

        var errors = fixture.Factory.Validate(fixture.Context(new Dictionary<string, string?> { ["Token"] = "", ["PageSize"] = "500" })).ToList();

        Assert.Contains(errors, e => e.StartsWith("Token:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PageSize:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_platform_gives_a_failed_check_and_a_transient_error_not_a_crash()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddPennylaneConnector(o =>
            {
                o.Retry.MaxRetryAttempts = 1;
                o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            })
            .BuildServiceProvider();
        var factory = services.GetServices<IConnectorFactory>().Single();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Settings:BaseAddress"] = "http://127.0.0.1:9/api/external/v2/",
            ["Settings:Token"] = "t",
        }).Build().GetSection("Settings");
        var connector = factory.Create(new ConnectionContext("down", settings, TimeProvider.System));

        var check = await connector.CheckAsync(CancellationToken.None);
        var read = await Assert.ThrowsAsync<ConnectorException>(() => connector.ReadAsync(null, CancellationToken.None).ToListAsync().AsTask());

        Assert.False(check.Succeeded);
        Assert.Contains("unreachable", check.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectorErrorKind.Transient, read.Kind);
    }
}
