using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Connector.Host.Health;
using Relance.Connectors;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class HealthTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_health_endpoint_shows_the_connection_whose_token_is_wrong_unhealthy_and_only_that_one()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var good = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 2);
        await using var bad = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(clock, dueDaysAgo: 2);
        var settings = Settings.Merge(
            RelanceTestHost.PennylaneConnection("good", good),
            RelanceTestHost.PennylaneConnection("bad", bad, token: "not-the-token"),
            RelanceTestHost.PennylaneConnection("new", good),
            new Dictionary<string, string?> { ["Relance:Health:Url"] = "http://127.0.0.1:0" });
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock, scheduling: true);
        await host.Sync.RunAsync("good", CancellationToken.None);
        await host.Dunning.RunAsync("good", CancellationToken.None);
        await Assert.ThrowsAsync<ConnectorException>(() => host.Sync.RunAsync("bad", CancellationToken.None));
        var address = host.Services.GetRequiredService<HealthServer>().Address!;

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(address, "/health"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => (Status: c.GetProperty("status").GetString(), Description: c.GetProperty("description").GetString()!));
        Assert.Equal("Unhealthy", checks["connection:bad"].Status);
        Assert.Contains("credentials or settings rejected", checks["connection:bad"].Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", checks["connection:good"].Status);
        Assert.StartsWith("last sync ", checks["connection:good"].Description, StringComparison.Ordinal);
        Assert.Equal(("Degraded", "not synced yet"), checks["connection:new"]);
        Assert.Equal("Healthy", checks["ledger"].Status);
        Assert.Equal("Healthy", checks["scheduler"].Status);
        Assert.Equal("Healthy", checks["smtp"].Status);
        Assert.DoesNotContain("not-the-token", json.RootElement.GetRawText(), StringComparison.Ordinal);

        // Fixed: the next successful sync makes it healthy again.
        var fixedSettings = Settings.Merge(settings, RelanceTestHost.PennylaneConnection("bad", bad));
        using var later = await RelanceTestHost.StartAsync(Path.Combine(dir.Path), fixedSettings, clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        await later.Sync.RunAsync("bad", CancellationToken.None);
        var status = await RelanceTestHost.RunCliAsync(dir.Path, Settings.Merge(fixedSettings, new Dictionary<string, string?> { ["Relance:Connections:new:Enabled"] = "false" }), clock, "status");
        Assert.Equal(0, status);
    }
}
