using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Relance.Connectors;
using Relance.Simulators.Hosting;
using Relance.Simulators.Pennylane;

namespace Relance.Connectors.Pennylane.Tests;

/// <summary>The simulator's real answers with one record made hostile: that record is skipped, never the read.</summary>
[Trait("Suite", "Hostile")]
public sealed class PennylaneHostileDataTests
{
    [Fact]
    public async Task Ten_thousand_generated_hostile_records_are_each_read_or_skipped_with_a_reason_and_the_sound_ones_come_through_unchanged()
    {
        await using var fixture = await PennylaneFixture.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = 400, RateLimitPermits = 100_000, ScheduledPaymentShare = 0 });
        var sound = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().ToDictionary(r => r.Invoice.Id, r => Relance.Connectors.Tests.HostileRounds.Key(r.Invoice));
        var hostile = new HostileJson(seed: 20261204);
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.BaseAddress, "/"), (path, json) =>
        {
            if (path.EndsWith("/customer_invoices", StringComparison.Ordinal) || path.EndsWith("/customers", StringComparison.Ordinal))
            {
                hostile.Break(json["items"]?.AsArray(), "id");
            }
        });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, "api/external/v2/").ToString() });

        Console.WriteLine("Pennylane: " + await Relance.Connectors.Tests.HostileRounds.RunAsync(connector, hostile, sound));
    }

    [Fact]
    public async Task A_record_of_the_wrong_json_type_is_skipped_by_id_and_field_and_the_page_is_read()
    {
        await using var fixture = await PennylaneFixture.StartAsync();
        var open = fixture.Simulator.Store.Invoices.Where(i => !i.Draft && !i.CreditNote && i.Remaining > 0).OrderBy(i => i.Id).ToList();
        var wrongAmount = open[0].Id;
        var wrongCustomer = open[1].Id;
        var hostileCustomer = open[2].CustomerId;
        await using var proxy = await HostileServer.RewritingAsync(new Uri(fixture.Simulator.BaseAddress, "/"), (path, json) =>
        {
            foreach (var item in json["items"]?.AsArray() ?? [])
            {
                var id = item!["id"]!.GetValue<long>();
                if (path.EndsWith("/customer_invoices", StringComparison.Ordinal) && id == wrongAmount)
                {
                    item["remaining_amount_with_tax"] = new JsonObject { ["value"] = 1 };
                }
                else if (path.EndsWith("/customer_invoices", StringComparison.Ordinal) && id == wrongCustomer)
                {
                    item["customer"] = "not an object";
                }
                else if (path.EndsWith("/customers", StringComparison.Ordinal) && id == hostileCustomer)
                {
                    item["billing_address"] = new JsonArray(1, 2);
                }
            }
        });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(proxy.Address, "api/external/v2/").ToString() });

        var messages = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();

        var skipped = messages.OfType<RecordSkipped>().ToList();
        var amount = Assert.Single(skipped, s => s.Id == wrongAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("invoice", amount.Kind);
        Assert.StartsWith("remaining_amount_with_tax:", amount.Reason, StringComparison.Ordinal);
        Assert.StartsWith("customer:", Assert.Single(skipped, s => s.Id == wrongCustomer.ToString(CultureInfo.InvariantCulture)).Reason, StringComparison.Ordinal);
        var customer = Assert.Single(skipped, s => s.Kind == "customer");
        Assert.Equal(hostileCustomer.ToString(CultureInfo.InvariantCulture), customer.Id);
        Assert.StartsWith("billing_address:", customer.Reason, StringComparison.Ordinal);

        // Everything else of the account is read, as without the proxy, and the snapshot completes.
        var straight = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();
        var expected = straight.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Except([wrongAmount.ToString(CultureInfo.InvariantCulture), wrongCustomer.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(expected.Order(), messages.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Order());
        Assert.Equal(straight.OfType<CustomerRecord>().Count() - 1, messages.OfType<CustomerRecord>().Count());
        Assert.IsType<Checkpoint>(messages[^1]);
    }

    [Fact]
    public async Task An_error_body_with_terminal_escapes_and_line_breaks_reaches_the_admin_as_one_printable_line()
    {
        await using var hostile = await HostileServer.StartAsync(async c =>
        {
            c.Response.StatusCode = 422;
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("{\"error\":\"bad\\u001b[2J\\r\\n2026-12-04 info Relance: all invoices paid\\u202e\"}");
        });
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(hostile.Address, "api/external/v2/").ToString() });

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Contains("all invoices paid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || c == '\u202e');
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_larger_than_the_limit_is_refused_while_it_is_read_even_compressed(bool gzip)
    {
        const int size = 48 * 1024 * 1024;
        var requests = 0;
        await using var hostile = await HostileServer.StartAsync(async c =>
        {
            Interlocked.Increment(ref requests);
            c.Response.ContentType = "application/json";
            Stream output = c.Response.Body;
            if (gzip)
            {
                // A few hundred kilobytes on the wire that inflate to 48 MB.
                c.Response.Headers.ContentEncoding = "gzip";
                output = new System.IO.Compression.GZipStream(c.Response.Body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
            }

            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            try
            {
                for (var written = 0; written < size; written += spaces.Length)
                {
                    await output.WriteAsync(spaces, c.RequestAborted);
                }

                await output.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client stopped reading: what the test wants.
            }
        });
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(hostile.Address, "api/external/v2/").ToString() });

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        // Refused, and not asked again: a refused answer is never retried.
        Assert.Contains("larger than the 33554432 bytes accepted", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref requests));
    }
}
