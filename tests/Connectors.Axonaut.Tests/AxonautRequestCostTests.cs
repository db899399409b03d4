using System.Globalization;
using Relance.Simulators.Axonaut;

namespace Relance.Connectors.Axonaut.Tests;

/// <summary>What a read costs in requests: pages of lists, never a request per invoice when a list can say it.</summary>
public sealed class AxonautRequestCostTests
{
    [Fact]
    public async Task Invoices_without_outstanding_amount_get_their_payments_from_the_payment_list_not_one_request_each()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 2000, ScheduledPaymentShare = 0 });

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        var hidden = fixture.Simulator.Store.Invoices.Where(i => i.HideOutstanding && i.Total > 0m && i.PaidDate is null).ToList();
        Assert.True(hidden.Count > 100, $"{hidden.Count} invoices without outstanding_amount");
        foreach (var source in hidden)
        {
            var invoice = invoices[source.Id.ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(source.Outstanding, invoice.AmountDue.Amount);
        }

        var requests = fixture.Simulator.Store.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.DoesNotContain(requests, r => r.Contains("invoice_id=", StringComparison.Ordinal));
        var listed = requests.Count(r => r.Contains("/payments?date_after=", StringComparison.Ordinal));
        Assert.InRange(listed, 1, hidden.Count / 10);

        // Invoice pages + payment pages + company pages, each list read once to its end.
        var invoicePages = requests.Count(r => r.Contains("/invoices?", StringComparison.Ordinal));
        var unpaid = fixture.Simulator.Store.Invoices.Count(i => i.PaidDate is null);
        Assert.Equal((unpaid + 49) / 50 + 1, invoicePages);
        Assert.Equal(invoicePages + listed + requests.Count(r => r.Contains("/companies?", StringComparison.Ordinal)), requests.Count);
    }

    [Fact]
    public async Task A_few_invoices_without_outstanding_amount_in_an_incremental_read_cost_one_request_each_once_the_page_size_is_known()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0 });
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        var connector = fixture.Connector(new Dictionary<string, string?> { ["PageSize"] = "50" });
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var hidden = fixture.Simulator.Store.Invoices.Where(i => i.HideOutstanding && i.Total > 0m && i.PaidDate is null).Take(3).ToList();
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var invoice in hidden)
        {
            fixture.Simulator.Store.Pay(invoice.Id, 10m);
        }

        fixture.Simulator.Store.ClearRequests();
        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        var records = second.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        foreach (var source in hidden)
        {
            Assert.Equal(source.Outstanding, records[source.Id.ToString(CultureInfo.InvariantCulture)].AmountDue.Amount);
        }

        // With the page size confirmed (Settings:PageSize), a short page ends a list: one request per invoice's payments.
        Assert.Equal(3, fixture.Simulator.Store.Requests.Count(r => r.PathAndQuery.Contains("invoice_id=", StringComparison.Ordinal)));
        Assert.Equal(1, fixture.Simulator.Store.Requests.Count(r => r.PathAndQuery.Contains("updated_after=", StringComparison.Ordinal)));
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.PathAndQuery.Contains("date_after", StringComparison.Ordinal));
    }
}
