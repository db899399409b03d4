using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>The simulator's real answers with one record made hostile: that record is skipped, never the read.</summary>
[Trait("Suite", "Hostile")]
public sealed class QuickBooksHostileDataTests
{
    [Fact]
    public async Task Ten_thousand_generated_hostile_records_are_each_read_or_skipped_with_a_reason_and_the_sound_ones_come_through_unchanged()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new Relance.Simulators.QuickBooks.QuickBooksSimulatorOptions { InvoiceCount = 400, ScheduledPaymentShare = 0, RequestsPerMinute = 100_000 });
        var settings = new Dictionary<string, string?> { ["RequestsPerMinute"] = "100000", ["RequestsPerSecond"] = "10000" };
        var sound = (await fixture.Connector(settings).ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().ToDictionary(r => r.Invoice.Id, r => Relance.Connectors.Tests.HostileRounds.Key(r.Invoice));
        var hostile = new HostileJson(seed: 20261204);
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.Root, "/"), (_, json) =>
        {
            hostile.Break(json["QueryResponse"]?["Invoice"] as JsonArray, "Id");
            hostile.Break(json["QueryResponse"]?["Customer"] as JsonArray, "Id");
        });
        settings["BaseAddress"] = proxy.Address.ToString();
        var connector = fixture.Connector(settings, name: "qbo-proxied");

        Console.WriteLine("QuickBooks: " + await Relance.Connectors.Tests.HostileRounds.RunAsync(connector, hostile, sound));
    }

    [Fact]
    public async Task A_record_of_the_wrong_json_type_is_skipped_by_id_and_field_and_the_rest_is_read()
    {
        await using var fixture = await QuickBooksFixture.StartAsync();
        var straight = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = straight.OfType<InvoiceRecord>().Select(r => r.Invoice).OrderBy(i => long.Parse(i.Id, CultureInfo.InvariantCulture)).ToList();
        var wrongTotal = open[0].Id;
        var noId = open[2].Id;
        var hostileCustomer = open.Select(i => i.CustomerId).First(c => c != open[0].CustomerId);
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.Root, "/"), (_, json) =>
        {
            foreach (var item in json["QueryResponse"]?["Invoice"]?.AsArray() ?? [])
            {
                var id = item!["Id"]!.GetValue<string>();
                if (id == wrongTotal)
                {
                    item["Balance"] = new JsonObject { ["value"] = "12" };
                }
                else if (id == noId)
                {
                    item["Id"] = null;
                }
            }

            foreach (var item in json["QueryResponse"]?["Customer"]?.AsArray() ?? [])
            {
                if (item!["Id"]!.GetValue<string>() == hostileCustomer)
                {
                    item["BillAddr"] = "1 rue de la Paix";
                }
            }
        });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = proxy.Address.ToString() }, name: "qbo-proxied");

        var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();

        var skipped = messages.OfType<RecordSkipped>().ToList();
        Assert.StartsWith("Balance:", Assert.Single(skipped, s => s.Kind == "invoice" && s.Id == wrongTotal).Reason, StringComparison.Ordinal);
        Assert.StartsWith("BillAddr:", Assert.Single(skipped, s => s.Kind == "customer" && s.Id == hostileCustomer).Reason, StringComparison.Ordinal);
        Assert.Equal("Id is missing", Assert.Single(skipped, s => s.Kind == "invoice" && s.Id is null).Reason);
        Assert.Equal(open.Select(i => i.Id).Except([wrongTotal, noId]).Order(), messages.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order());
        Assert.IsType<Checkpoint>(messages[^1]);

        // The fresh re-read before a send leaves the unreadable invoice out and returns the others.
        var reread = await connector.GetInvoicesAsync([wrongTotal, open[1].Id], CancellationToken.None);
        Assert.Equal([open[1].Id], reread.Select(i => i.Id));
    }

    [Fact]
    public async Task A_server_whose_query_pages_never_end_stops_the_read_with_an_error_in_bounded_requests()
    {
        var pages = 0;
        await using var hostile = await HostileServer.StartAsync(async c =>
        {
            // Every page full of invoices never seen before: without a cap this reads forever.
            var page = Interlocked.Increment(ref pages);
            var invoices = new JsonArray();
            for (var i = 0; i < 10; i++)
            {
                var id = ((page * 10) + i).ToString(CultureInfo.InvariantCulture);
                invoices.Add(new JsonObject { ["Id"] = id, ["DocNumber"] = "INV-" + id, ["TotalAmt"] = 10, ["Balance"] = 10, ["DueDate"] = "2026-01-01", ["TxnDate"] = "2025-12-01", ["CustomerRef"] = new JsonObject { ["value"] = "1" } });
            }

            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(new JsonObject { ["QueryResponse"] = new JsonObject { ["Invoice"] = invoices, ["startPosition"] = 1, ["maxResults"] = 10 }, ["time"] = "2026-03-10T09:00:00.000-08:00" }.ToJsonString());
        });
        await using var fixture = await QuickBooksFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = hostile.Address.ToString(), ["PageSize"] = "10", ["MaxPages"] = "25" }, name: "qbo-endless");

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Contains("not counted as complete", error.Message, StringComparison.Ordinal);
        Assert.InRange(pages, 2, 26);
    }
}
