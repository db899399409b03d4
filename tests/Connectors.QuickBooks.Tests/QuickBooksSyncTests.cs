using System.Web;
using Relance.Connectors;
using Relance.Connectors.QuickBooks.Internal;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksSyncTests
{
    [Fact]
    public async Task Full_sync_pages_the_open_invoice_query_and_reads_customers_in_bulk()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 90, ScheduledPaymentShare = 0 });

        var messages = await fixture.Connector(new Dictionary<string, string?> { ["PageSize"] = "20" }).ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.IsType<FullSnapshotStarted>(messages[0]);
        Assert.IsType<Checkpoint>(messages[^1]);
        var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        var open = fixture.Simulator.Store.Invoices.Where(i => i.Balance > 0m).ToList();
        Assert.Equal(open.Select(i => i.Id).Order(), invoices.Keys.Order());
        foreach (var source in open)
        {
            var invoice = invoices[source.Id];
            Assert.Equal(source.Balance, invoice.AmountDue.Amount);
            Assert.Equal(source.Currency, invoice.Currency);
            Assert.Equal(source.DueDate, invoice.DueDate);
            Assert.Equal(source.DocNumber, invoice.Number);
            Assert.Equal(source.OnlinePayment, invoice.PaymentLink is not null);
        }

        Assert.Contains(invoices.Values, i => i.Status == InvoiceStatus.PartiallyPaid);
        Assert.Contains(invoices.Values, i => i.Currency == "EUR");

        var queries = fixture.Simulator.Store.Requests.Where(r => r.Path.EndsWith("/query", StringComparison.Ordinal)).Select(r => HttpUtility.ParseQueryString(r.Query)["query"]!).ToList();
        var invoicePages = queries.Where(q => q.Contains("from Invoice", StringComparison.Ordinal)).ToList();
        Assert.Equal(open.Count / 20 + 1, invoicePages.Count);
        Assert.All(invoicePages, q => Assert.Contains("Balance > '0'", q, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, invoicePages.Count).Select(p => $"STARTPOSITION {1 + p * 20} MAXRESULTS 20"), invoicePages.Select(q => q[q.IndexOf("STARTPOSITION", StringComparison.Ordinal)..]));

        // Never one request per invoice or per customer.
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.Path.Contains("/invoice/", StringComparison.Ordinal) || r.Path.Contains("/customer/", StringComparison.Ordinal));
        var customers = messages.OfType<CustomerRecord>().Select(c => c.Customer).ToList();
        Assert.Equal(invoices.Values.Select(i => i.CustomerId).Distinct().Order(), customers.Select(c => c.Id).Order());
        Assert.Equal(customers.Count / 20 + 1, queries.Count(q => q.Contains("from Customer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Customers_map_free_text_countries_and_several_addresses()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 120, ScheduledPaymentShare = 0 });

        var customers = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<CustomerRecord>().Select(c => c.Customer).ToList();

        foreach (var customer in customers)
        {
            var source = fixture.Simulator.Store.FindCustomer(customer.Id)!;
            Assert.Equal(source.DisplayName, customer.Name);
            var billed = fixture.Simulator.Store.Invoices.Where(i => i.CustomerId == source.Id && i.Balance > 0m).Select(i => i.BillEmail).FirstOrDefault(e => e is not null);
            var expected = source.Email?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? (billed is null ? [] : [billed]);
            Assert.True(expected.SequenceEqual(customer.BillingEmails), $"{source.Email} -> {string.Join("|", customer.BillingEmails)}");
            Assert.Equal(source.Country switch { "Ireland" => "IE", null => null, _ => "GB" }, customer.Country);
            Assert.Equal("en", customer.Language);
        }

        Assert.Contains(customers, c => c.BillingEmails.Count == 2);
        Assert.Contains(customers, c => c.BillingEmails.Count == 0);
        Assert.Contains(customers, c => fixture.Simulator.Store.FindCustomer(c.Id)!.Email is null && c.BillingEmails.Count == 1);
    }

    [Fact]
    public async Task Incremental_sync_uses_cdc_and_sees_payments_voids_deletions_and_new_invoices()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0 });
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        fixture.Simulator.Store.Pay(open[0]);
        fixture.Simulator.Store.Void(open[1]);
        fixture.Simulator.Store.Delete(open[2]);
        var created = fixture.Simulator.Store.CreateInvoice(fixture.Simulator.Store.Customers[0].Id, 480m, new DateOnly(2026, 4, 9));
        fixture.Simulator.Store.ClearRequests();
        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        var records = second.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        Assert.Equal(InvoiceStatus.Paid, records[open[0]].Status);
        Assert.Equal(InvoiceStatus.Cancelled, records[open[1]].Status);
        Assert.Equal(open[2], Assert.Single(second.OfType<InvoiceDeleted>()).InvoiceId);
        Assert.True(records[created.Id].IsOpen);
        // Its customer is the host's to ask for (CustomerLookup), in bulk, with the address the invoice is billed to.
        Assert.DoesNotContain(second.OfType<CustomerRecord>(), c => c.Customer.Id == created.CustomerId);
        var looked = await connector.GetCustomersAsync([created.CustomerId], CancellationToken.None);
        Assert.Equal(created.CustomerId, Assert.IsType<CustomerRecord>(Assert.Single(looked)).Customer.Id);
        var cdc = Assert.Single(fixture.Simulator.Store.Requests, r => r.Path.EndsWith("/cdc", StringComparison.Ordinal));
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Query.Contains("from%20Customer", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("entities=Invoice%2CCustomer%2CPayment", cdc.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.Path.EndsWith("/query", StringComparison.Ordinal) && r.Query.Contains("Balance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_saturated_cdc_answer_is_not_trusted_and_the_period_is_read_with_queries()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 60, ScheduledPaymentShare = 0, CdcMaxObjects = 5 });
        var connector = fixture.Connector(new Dictionary<string, string?> { ["CdcMaxObjects"] = "5" });
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().Select(r => r.Invoice.Id).Take(8).ToList();

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var id in open)
        {
            fixture.Simulator.Store.Pay(id);
        }

        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        // 8 payments + 8 invoices = 16 changes for a cap of 5: every paid invoice must still arrive.
        var paid = second.OfType<InvoiceRecord>().Where(r => r.Invoice.Status == InvoiceStatus.Paid).Select(r => r.Invoice.Id).ToHashSet();
        Assert.Superset(open.ToHashSet(), paid);
        Assert.Contains(fixture.Simulator.Store.Requests, r => r.Query.Contains("MetaData.LastUpdatedTime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_older_than_the_cdc_window_or_the_full_sync_interval_starts_a_full_read()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var cursor = first.OfType<Checkpoint>().Single().Cursor;

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var incremental = await connector.ReadAsync(cursor, CancellationToken.None).ToListAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(6));
        var weekly = await connector.ReadAsync(incremental.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(incremental, m => m is FullSnapshotStarted);
        Assert.IsType<FullSnapshotStarted>(weekly[0]);
    }

    [Fact]
    public async Task A_record_with_a_bad_field_is_skipped_with_its_name_and_the_read_goes_on()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 12, ScheduledPaymentShare = 0 });
        var victim = fixture.Simulator.Store.Invoices.First(i => i.Balance > 0m);
        fixture.Simulator.Store.Update(victim.Id, i => i.CustomerId = "");

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var skipped = Assert.Single(messages.OfType<RecordSkipped>());
        Assert.Equal(victim.Id, skipped.Id);
        Assert.Contains("CustomerRef", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(fixture.Simulator.Store.Invoices.Count(i => i.Balance > 0m) - 1, messages.OfType<InvoiceRecord>().Count());
    }

    [Fact]
    public async Task An_american_company_reads_in_dollars_with_us_customers()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { Country = "US", HomeCurrency = "USD", InvoiceCount = 40, ScheduledPaymentShare = 0 });

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToList();
        Assert.Contains(invoices, i => i.Currency == "USD");
        Assert.All(invoices, i => Assert.Contains(i.Currency, new[] { "USD", "CAD" }));
        Assert.Contains(messages.OfType<CustomerRecord>(), c => c.Customer.Country == "US");
    }

    [Fact]
    public void Query_values_are_escaped_as_the_query_language_wants()
    {
        Assert.Equal(@"'Adam\'s Candy Shop'", QuickBooksMapper.Quote("Adam's Candy Shop"));
        Assert.Equal(@"'C:\\files'", QuickBooksMapper.Quote(@"C:\files"));
    }

    [Fact]
    public async Task A_part_paid_invoice_carries_the_dates_of_its_payments_read_in_bulk()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 90, ScheduledPaymentShare = 0 });
        var connector = fixture.Connector();

        var invoices = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice).ToList();
        var reread = await connector.GetInvoicesAsync(invoices.Select(i => i.Id).ToList(), CancellationToken.None);

        var partial = invoices.Where(i => i.Status == InvoiceStatus.PartiallyPaid).ToList();
        Assert.True(partial.Count >= 3, $"{partial.Count} part-paid invoices");
        foreach (var invoice in partial)
        {
            var expected = fixture.Simulator.Store.PaymentsOf(invoice.Id).Select(p => new InvoicePayment(p.TxnDate, p.Amount)).ToList();
            Assert.Equal(expected, invoice.Payments);
            Assert.Equal(expected, reread.Single(i => i.Id == invoice.Id).Payments);
        }

        Assert.All(invoices.Where(i => i.Status == InvoiceStatus.Open), i => Assert.Null(i.Payments));

        // One query per hundred payments, not one request per invoice.
        var paymentQueries = fixture.Simulator.Store.Requests.Count(r => r.Path.EndsWith("/query", StringComparison.Ordinal) && HttpUtility.ParseQueryString(r.Query)["query"]!.Contains("from Payment", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, paymentQueries);
    }
}
