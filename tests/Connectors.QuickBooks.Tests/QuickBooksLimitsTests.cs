using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksLimitsTests
{
    [Fact]
    public async Task A_429_holds_every_request_of_the_realm_for_retry_after_and_no_second_429_follows()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 60, ThrottleRetryAfterSeconds = 2 });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["PageSize"] = "10" });
        await connector.CheckAsync(CancellationToken.None);

        fixture.Simulator.Throttle(TimeSpan.FromSeconds(2));
        var first = connector.CheckAsync(CancellationToken.None);
        for (var i = 0; i < 200 && !fixture.Logs.Any(l => l.Contains("throttled", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(20);
        }

        // The client has seen the 429: everything sent from now on, in parallel, must wait out the Retry-After.
        var ids = fixture.Simulator.Store.Invoices.Select(i => i.Id).ToList();
        var reads = Enumerable.Range(0, 6).Select(i => connector.GetInvoicesAsync([ids[i]], CancellationToken.None)).ToList();
        var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        await Task.WhenAll(reads);
        await first;

        Assert.IsType<Checkpoint>(messages[^1]);
        Assert.Equal(1, fixture.Simulator.Throttled);
    }

    [Fact]
    public async Task Without_retry_after_the_configured_throttle_delay_is_waited()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["ThrottleDelay"] = "00:00:01.5" });
        await connector.CheckAsync(CancellationToken.None);

        fixture.Simulator.Throttle(TimeSpan.FromSeconds(1));
        var check = await connector.CheckAsync(CancellationToken.None);

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(1, fixture.Simulator.Throttled);
    }

    [Fact]
    public async Task No_more_than_ten_requests_are_in_flight_for_a_realm()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 40, Latency = TimeSpan.FromMilliseconds(40), MaxConcurrentRequests = 10 });
        var ids = fixture.Simulator.Store.Invoices.Select(i => i.Id).ToList();
        var connectors = new[] { fixture.Connector(name: "a"), fixture.Connector(name: "b") };

        await Task.WhenAll(ids.Select((id, i) => connectors[i % 2].GetInvoicesAsync([id], CancellationToken.None)));

        Assert.Equal(0, fixture.Simulator.Throttled);
        Assert.InRange(fixture.Simulator.PeakInFlight, 2, 10);
    }

    [Fact]
    public async Task A_fault_inside_a_200_is_reported_not_taken_for_data()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var connector = fixture.Connector();
        await connector.CheckAsync(CancellationToken.None);

        fixture.Simulator.FaultOnOk(1);
        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Contains("200 but with a Fault", error.Message, StringComparison.Ordinal);
        Assert.Contains("SystemFault 10000", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectorErrorKind.Transient, error.Kind);
        Assert.NotEmpty(await connector.ReadAsync(null, CancellationToken.None).OfType<InvoiceRecord>().ToListAsync());
    }

    [Fact]
    public async Task Wrong_app_keys_fail_the_check_with_the_setting_to_fix()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 4 });

        var check = await fixture.Connector(new Dictionary<string, string?> { ["ClientSecret"] = "wrong" }).CheckAsync(CancellationToken.None);

        Assert.False(check.Succeeded);
        Assert.Contains("Settings:ClientId and ClientSecret", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", check.Message, StringComparison.Ordinal);
    }
}
