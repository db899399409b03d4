using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.Axonaut.Tests;

/// <summary>The simulator's real answers with one record made hostile: that record is skipped, never the read.</summary>
[Trait("Suite", "Hostile")]
public sealed class AxonautHostileDataTests
{
    [Fact]
    public async Task Ten_thousand_generated_hostile_records_are_each_read_or_skipped_with_a_reason_and_the_sound_ones_come_through_unchanged()
    {
        await using var fixture = await AxonautFixture.StartAsync(new Relance.Simulators.Axonaut.AxonautSimulatorOptions { InvoiceCount = 400, ScheduledPaymentShare = 0 });
        var sound = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().ToDictionary(r => r.Invoice.Id, r => Relance.Connectors.Tests.HostileRounds.Key(r.Invoice));
        var prefix = fixture.Simulator.BaseAddress.AbsolutePath;
        var hostile = new HostileJson(seed: 20261204);
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.BaseAddress, "/"), (path, json) =>
        {
            if (path == prefix + "invoices" || path == prefix + "companies" || path.StartsWith(prefix + "companies/", StringComparison.Ordinal))
            {
                hostile.Break(json as JsonArray ?? new JsonArray(json.DeepClone()), "id");
            }
        });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, prefix.TrimStart('/')).ToString() });

        Console.WriteLine("Axonaut: " + await Relance.Connectors.Tests.HostileRounds.RunAsync(connector, hostile, sound));
    }

    [Fact]
    public async Task A_record_of_the_wrong_json_type_is_skipped_by_id_and_field_and_the_rest_is_read()
    {
        await using var fixture = await AxonautFixture.StartAsync();
        var straight = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = straight.OfType<InvoiceRecord>().Select(r => r.Invoice).OrderBy(i => long.Parse(i.Id, CultureInfo.InvariantCulture)).ToList();
        var wrongTotal = open[0].Id;
        var nullCompany = open[1].Id;
        var millisecondDate = open[3].Id;
        var hostileCompany = open.Select(i => i.CustomerId).First(c => c != open[0].CustomerId && c != open[1].CustomerId);
        var prefix = fixture.Simulator.BaseAddress.AbsolutePath;
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.BaseAddress, "/"), (path, json) =>
        {
            if (path == prefix + "invoices")
            {
                foreach (var item in json.AsArray())
                {
                    var id = item!["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
                    if (id == wrongTotal)
                    {
                        item["total"] = "douze";
                    }
                    else if (id == nullCompany)
                    {
                        item["company"] = new JsonArray();
                    }
                    else if (id == millisecondDate)
                    {
                        // A millisecond timestamp where seconds are documented: a date far outside .NET's range.
                        item["due_date"] = 1767225600000;
                    }
                }
            }
            else if (path == prefix + "invoices/" + wrongTotal)
            {
                json["total"] = "douze";
            }
            else if (path == prefix + "companies/" + hostileCompany)
            {
                json["id"] = "x";
            }
        });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, prefix.TrimStart('/')).ToString() });

        var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();

        var skipped = messages.OfType<RecordSkipped>().ToList();
        Assert.StartsWith("total:", Assert.Single(skipped, s => s.Id == wrongTotal && s.Kind == "invoice").Reason, StringComparison.Ordinal);
        Assert.StartsWith("company:", Assert.Single(skipped, s => s.Id == nullCompany && s.Kind == "invoice").Reason, StringComparison.Ordinal);
        Assert.Contains("due_date", Assert.Single(skipped, s => s.Id == millisecondDate && s.Kind == "invoice").Reason, StringComparison.Ordinal);
        Assert.StartsWith("id:", Assert.Single(skipped, s => s.Kind == "customer" && s.Id == hostileCompany).Reason, StringComparison.Ordinal);
        Assert.Equal(
            open.Select(i => i.Id).Except([wrongTotal, nullCompany, millisecondDate]).Order(),
            messages.OfType<InvoiceRecord>().Where(r => r.Invoice.IsOpen).Select(r => r.Invoice.Id).Order());
        Assert.IsType<Checkpoint>(messages[^1]);

        // The fresh re-read before a send leaves the unreadable invoice out and returns the others.
        var reread = await connector.GetInvoicesAsync([wrongTotal, open[2].Id], CancellationToken.None);
        Assert.Equal([open[2].Id], reread.Select(i => i.Id));
    }

    [Fact]
    public async Task A_server_whose_invoice_pages_never_end_stops_the_read_with_an_error_in_bounded_requests()
    {
        var pages = 0;
        await using var hostile = await HostileServer.StartAsync(async c =>
        {
            // Whatever page is asked, a page of invoices never seen before.
            var page = Interlocked.Increment(ref pages);
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync($$$"""[{"id":{{{page}}},"number":"F-{{{page}}}","total":10.0,"outstanding_amount":10.0,"currency":"EUR","date":1767225600,"due_date":1767225600,"company":{"id":1,"name":"X"}}]""");
        });
        await using var fixture = await AxonautFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(hostile.Address, "api/v2/").ToString(), ["MaxPages"] = "30" });

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Contains("not counted as complete", error.Message, StringComparison.Ordinal);
        Assert.InRange(pages, 2, 31);
    }
}
