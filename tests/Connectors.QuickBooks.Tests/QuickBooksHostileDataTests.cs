using System.Globalization;
using System.Text.Json.Nodes;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>The simulator's real answers with one record made hostile: that record is skipped, never the read.</summary>
[Trait("Suite", "Hostile")]
public sealed class QuickBooksHostileDataTests
{
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
}
