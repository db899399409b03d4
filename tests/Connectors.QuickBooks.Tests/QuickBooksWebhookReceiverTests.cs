using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksWebhookReceiverTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cloud_events_name_the_connection_of_their_realm_and_ignore_other_entities()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 3 });
        var body = QuickBooksWebhooks.CloudEvents(
            fixture.Simulator.RealmId,
            [new QbChange("Invoice", "130", "Update", At), new QbChange("Account", "7", "Create", At), new QbChange("Payment", "5001", "Create", At)],
            ["e-1", "e-2", "e-3"]);

        var result = fixture.Receiver.Receive(Delivery(body, QuickBooksWebhooks.Sign(body, fixture.Simulator.Options.WebhookVerifierToken)), [fixture.Context()]);

        Assert.True(result.Authentic);
        Assert.Equal([new WebhookEvent("e-1", "qbo"), new WebhookEvent("e-3", "qbo")], result.Events);
    }

    [Fact]
    public async Task Legacy_notifications_of_another_realm_are_authentic_but_sync_nothing()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 3 });
        var body = QuickBooksWebhooks.Legacy("4620816365000000000", [new QbChange("Invoice", "130", "Update", At)]);

        var result = fixture.Receiver.Receive(Delivery(body, QuickBooksWebhooks.Sign(body, fixture.Simulator.Options.WebhookVerifierToken)), [fixture.Context()]);

        Assert.True(result.Authentic);
        Assert.Empty(result.Events);
        Assert.Contains("realms no connection serves", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64 at all")]
    [InlineData("c2lnbmVkIHdpdGggYW5vdGhlciBrZXk=")]
    public async Task A_missing_malformed_or_foreign_signature_is_rejected(string? signature)
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 3 });
        var body = QuickBooksWebhooks.Legacy(fixture.Simulator.RealmId, [new QbChange("Invoice", "130", "Update", At)]);

        var result = fixture.Receiver.Receive(Delivery(body, signature), [fixture.Context()]);

        Assert.False(result.Authentic);
        Assert.Empty(result.Events);
    }

    private static WebhookDelivery Delivery(byte[] body, string? signature) => new(
        signature is null ? new Dictionary<string, string>() : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["intuit-signature"] = signature },
        body);
}
