using System.Globalization;
using Relance.Connectors;
using Relance.Connectors.Axonaut.Internal;
using Relance.Simulators.Axonaut;

namespace Relance.Connectors.Axonaut.Tests;

public sealed class AxonautConnectorTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task Full_sync_pages_by_header_skips_credit_notes_and_reads_every_date_format()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 120, PageSize = 20, ScheduledPaymentShare = 0 });

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var invoices = messages.OfType<InvoiceRecord>().Select(r => r.Invoice).ToDictionary(i => i.Id);
        var expected = fixture.Simulator.Store.Invoices.Where(i => i.Total > 0 && i.Outstanding > 0).ToList();
        Assert.Equal(expected.Select(i => Id(i.Id)).Order(), invoices.Keys.Order());
        Assert.DoesNotContain(invoices.Values, i => i.Status == InvoiceStatus.CreditNote || i.Total.Amount < 0);
        foreach (var source in expected)
        {
            var invoice = invoices[Id(source.Id)];
            Assert.Equal(source.DueDate, invoice.DueDate);
            Assert.Equal(source.Outstanding, invoice.AmountDue.Amount);
        }

        Assert.Contains(expected, i => i.HideOutstanding);
        Assert.Contains(invoices.Values, i => i.Status == InvoiceStatus.PartiallyPaid);
        Assert.Equal(new[] { 0, 1, 2 }, expected.Select(i => i.DateStyle).Distinct().Order());

        var listCalls = fixture.Simulator.Store.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v2/invoices?", StringComparison.Ordinal)).ToList();
        Assert.All(listCalls, r => Assert.Contains("is_paid=false", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, listCalls.Count).Select(p => p.ToString(CultureInfo.InvariantCulture)), listCalls.Select(r => r.Page));
        Assert.DoesNotContain(fixture.Simulator.Store.Requests, r => r.Status == 403);
    }

    [Fact]
    public async Task The_billing_contact_gets_the_mail_else_the_first_contact_with_an_email()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 90 });

        var customers = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<CustomerRecord>().Select(c => c.Customer).ToList();

        Assert.NotEmpty(customers);
        foreach (var customer in customers)
        {
            var company = fixture.Simulator.Store.FindCompany(long.Parse(customer.Id, CultureInfo.InvariantCulture))!;
            var billing = company.Employees.FirstOrDefault(e => e.IsBillingContact && e.Email is not null);
            var expected = billing?.Email ?? company.Employees.FirstOrDefault(e => e.Email is not null)?.Email;
            Assert.Equal(expected is null ? [] : [expected], customer.BillingEmails);
            Assert.Equal("fr", customer.Language);
            Assert.Equal("FR", customer.Country);
        }

        Assert.Contains(customers, c => fixture.Simulator.Store.FindCompany(long.Parse(c.Id, CultureInfo.InvariantCulture))!.Employees.Any(e => e.IsBillingContact) &&
                                        fixture.Simulator.Store.FindCompany(long.Parse(c.Id, CultureInfo.InvariantCulture))!.Employees[0].IsBillingContact == false);
    }

    [Fact]
    public async Task Incremental_sync_reads_from_the_day_before_and_returns_invoices_paid_since()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 40, ScheduledPaymentShare = 0 });
        var connector = fixture.Connector();
        var first = await connector.ReadAsync(null, CancellationToken.None).ToListAsync();
        var open = first.OfType<InvoiceRecord>().First().Invoice;
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        fixture.Simulator.Store.Pay(long.Parse(open.Id, CultureInfo.InvariantCulture));
        fixture.Simulator.Store.ClearRequests();

        var second = await connector.ReadAsync(first.OfType<Checkpoint>().Single().Cursor, CancellationToken.None).ToListAsync();

        Assert.DoesNotContain(second, m => m is FullSnapshotStarted);
        var paid = Assert.Single(second.OfType<InvoiceRecord>(), r => r.Invoice.Id == open.Id).Invoice;
        Assert.Equal(InvoiceStatus.Paid, paid.Status);
        Assert.False(paid.IsOpen);
        var call = fixture.Simulator.Store.Requests.First(r => r.PathAndQuery.StartsWith("/api/v2/invoices?", StringComparison.Ordinal));
        Assert.Contains("updated_after=09%2F03%2F2026", call.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("is_paid", call.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_repeats_ends_paging_without_duplicates()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 60, PageSize = 10, RepeatLastPage = true, ScheduledPaymentShare = 0 });

        var invoices = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice.Id).ToList();

        Assert.Equal(invoices.Count, invoices.Distinct().Count());
        Assert.Equal(fixture.Simulator.Store.Invoices.Count(i => i.Total > 0 && i.Outstanding > 0), invoices.Count);
        var listCalls = fixture.Simulator.Store.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v2/invoices?", StringComparison.Ordinal));
        var unpaid = fixture.Simulator.Store.Invoices.Count(i => i.PaidDate is null);
        Assert.Equal(((unpaid + 9) / 10) + 1, listCalls);
    }

    [Fact]
    public async Task A_full_read_cut_by_the_quota_continues_where_it_stopped_even_after_payments_shift_the_list()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 200, PageSize = 10, DailyQuota = 9, ScheduledPaymentShare = 0 });
        var connector = fixture.Connector();
        var latest = new Dictionary<string, Invoice>(StringComparer.Ordinal);
        SyncCursor? cursor = null;
        var parts = 0;
        var done = false;
        while (!done && parts < 200)
        {
            parts++;
            try
            {
                await foreach (var message in connector.ReadAsync(cursor, CancellationToken.None))
                {
                    switch (message)
                    {
                        case InvoiceRecord { Invoice: var invoice }:
                            latest[invoice.Id] = invoice;
                            break;
                        case SnapshotProgress { Cursor: var position }:
                            cursor = position;
                            break;
                        case Checkpoint:
                            done = true;
                            break;
                    }
                }
            }
            catch (ConnectorException ex) when (ex.RetryAfter is not null)
            {
                // The day's quota: the next part starts from the last progress, tomorrow.
            }

            if (parts == 3)
            {
                // 25 invoices already read are paid: the unpaid list moves left by more than two pages.
                foreach (var id in latest.Keys.Order(StringComparer.Ordinal).Take(25).ToList())
                {
                    fixture.Simulator.Store.Pay(long.Parse(id, CultureInfo.InvariantCulture));
                }
            }

            fixture.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.True(done, "the full read never completed");
        Assert.True(parts > 3, $"{parts} parts");
        var open = fixture.Simulator.Store.Invoices.Where(i => i.Total > 0 && i.Outstanding > 0).Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        var held = latest.Values.Where(i => i.IsOpen).Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Empty(open.Except(held));
        Assert.Contains(fixture.Simulator.Store.Requests, r => r.PathAndQuery.Contains("updated_after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Companies_of_a_full_read_come_from_the_company_list_not_one_request_each()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 300, ScheduledPaymentShare = 0 });

        var messages = await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync();

        var needed = messages.OfType<InvoiceRecord>().Where(r => r.Invoice.IsOpen).Select(r => r.Invoice.CustomerId).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(needed.Count > 50, $"{needed.Count} companies");
        Assert.Equal(needed, messages.OfType<CustomerRecord>().Select(c => c.Customer.Id).Order(StringComparer.Ordinal).ToList());
        var requests = fixture.Simulator.Store.Requests;
        Assert.DoesNotContain(requests, r => r.PathAndQuery.StartsWith("/api/v2/companies/", StringComparison.Ordinal));
        var listCalls = requests.Count(r => r.PathAndQuery.StartsWith("/api/v2/companies?", StringComparison.Ordinal));
        Assert.InRange(listCalls, 1, (fixture.Simulator.Store.Companies.Count / 50) + 1);
        Assert.All(requests.Where(r => r.PathAndQuery.StartsWith("/api/v2/companies?", StringComparison.Ordinal)), r => Assert.Contains("type=customer&sort=id", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_part_paid_invoice_carries_its_dated_payments_for_the_interest()
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 60, ScheduledPaymentShare = 0 });

        var connector = fixture.Connector();
        var synced = (await connector.ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<InvoiceRecord>().Select(r => r.Invoice).ToList();
        var syncRequests = fixture.Simulator.Store.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v2/payments", StringComparison.Ordinal));

        // The re-read just before sending dates them; the sync does not spend a request per part-paid invoice.
        var invoices = await connector.GetInvoicesAsync(synced.Select(i => i.Id).ToList(), CancellationToken.None);

        Assert.Equal(synced.Count(i => fixture.Simulator.Store.FindInvoice(long.Parse(i.Id, CultureInfo.InvariantCulture))!.HideOutstanding), syncRequests);
        var partial = invoices.Where(i => i.Status == InvoiceStatus.PartiallyPaid).ToList();
        Assert.NotEmpty(partial);
        foreach (var invoice in partial)
        {
            var expected = fixture.Simulator.Store.PaymentsOf(long.Parse(invoice.Id, CultureInfo.InvariantCulture)).Select(p => new InvoicePayment(p.Date, p.Amount)).ToList();
            Assert.Equal(expected, invoice.Payments);
        }
    }

    [Theory]
    [InlineData("ROLE_ACCOUNTING", true)]
    [InlineData("ROLE_SALES", false)]
    public async Task Check_proves_each_permission_and_names_a_role_that_cannot_write_events(string role, bool granted)
    {
        await using var fixture = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { Roles = [role] });

        var result = await fixture.Connector().CheckAsync(CancellationToken.None);

        Assert.Equal(granted, result.Succeeded);
        Assert.Equal(["API key", "read invoices", "read companies", "write timeline events"], result.Permissions.Select(p => p.What));
        Assert.All(result.Permissions.Take(3), p => Assert.True(p.Granted));
        var write = result.Permissions[^1];
        Assert.Equal(granted, write.Granted);
        Assert.Contains(role, write.Detail, StringComparison.Ordinal);
        if (!granted)
        {
            Assert.Contains("give it the role manager, accounting or business", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Quota_429_stops_with_retry_after_or_the_next_morning()
    {
        await using var withHeader = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { DailyQuota = 2, QuotaRetryAfterSeconds = 3600 });
        await using var withoutHeader = await AxonautFixture.StartAsync(new AxonautSimulatorOptions { DailyQuota = 2 });

        var first = await Assert.ThrowsAsync<ConnectorException>(() => withHeader.Connector().ReadAsync(null, CancellationToken.None).ToListAsync().AsTask());
        var second = await Assert.ThrowsAsync<ConnectorException>(() => withoutHeader.Connector().ReadAsync(null, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(withHeader.Clock.GetUtcNow().AddHours(1), first.RetryAfter);
        Assert.Contains("quota", first.Message, StringComparison.Ordinal);
        var nextMorning = new DateTimeOffset(2026, 3, 11, 0, 10, 0, Paris.GetUtcOffset(new DateTime(2026, 3, 11)));
        Assert.Equal(nextMorning, second.RetryAfter);

        // Said in the connection's time, which is what "00:10" means, with UTC beside it.
        Assert.Contains("paused until 2026-03-11 00:10 Europe/Paris (2026-03-10 23:10 UTC)", second.Message, StringComparison.Ordinal);
        Assert.Single(withHeader.Simulator.Store.Requests, r => r.Status == 429);
    }

    [Theory]
    [InlineData("", "400", "ApiKey")]
    [InlineData("wrong-key", "403", "role")]
    public async Task Check_explains_a_missing_or_wrong_key(string key, string status, string hint)
    {
        await using var fixture = await AxonautFixture.StartAsync();

        var result = await fixture.Connector(new Dictionary<string, string?> { ["ApiKey"] = key }).CheckAsync(CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(status, result.Message, StringComparison.Ordinal);
        Assert.Contains(hint, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_note_is_an_email_event_with_the_invoice_attached_and_never_written_twice()
    {
        await using var fixture = await AxonautFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Total > 0);
        var connector = fixture.Connector();
        var note = new NoteRequest("act-1", Id(invoice.Id), Id(invoice.CompanyId), "Relance: reminder 'friendly' sent", Subject: "Relance — facture");

        await connector.WriteNoteAsync(note, CancellationToken.None);
        await connector.WriteNoteAsync(note with { IsRetry = true }, CancellationToken.None);
        await connector.WriteNoteAsync(new NoteRequest("act-2", Id(invoice.Id), Id(invoice.CompanyId), "Paused by admin", Kind: NoteKind.Status), CancellationToken.None);

        var events = fixture.Simulator.Store.Events;
        Assert.Equal(2, events.Count);
        var reminder = Assert.Single(events, e => e.Content.Contains("[relance:act-1]", StringComparison.Ordinal));
        Assert.Equal(2, reminder.Nature);
        Assert.Equal([invoice.Id], reminder.InvoiceIds);
        Assert.Equal("Relance — facture", reminder.Title);
        Assert.Equal(6, Assert.Single(events, e => e.Content.Contains("[relance:act-2]", StringComparison.Ordinal)).Nature);
    }

    [Fact]
    public async Task Native_send_is_off_unless_configured_then_sends_an_email_event()
    {
        await using var fixture = await AxonautFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Total > 0);
        var request = new NativeReminderRequest("act-9", Id(invoice.Id), [], "Relance facture", "Bonjour…");

        Assert.False(fixture.Connector().Descriptor.Supports(ConnectorCapabilities.NativeSend));
        await Assert.ThrowsAsync<ConnectorException>(() => fixture.Connector().SendReminderAsync(request, CancellationToken.None));
        var enabled = fixture.Connector(new Dictionary<string, string?> { ["NativeSend"] = "true" });
        await enabled.SendReminderAsync(request, CancellationToken.None);

        Assert.True(enabled.Descriptor.Supports(ConnectorCapabilities.NativeSend));
        var sent = Assert.Single(fixture.Simulator.Store.Events);
        Assert.True(sent.Sent);
        Assert.Equal(invoice.CompanyId, sent.CompanyId);
    }

    [Fact]
    public void A_403_carrying_page_counts_is_a_request_to_paginate_not_an_access_problem()
    {
        Assert.True(AxonautError.IsPaginationHint("""{"error":{"message":"Too many results","status_code":"403","results":"240","results_perpage":50,"pages":5}}"""));
        Assert.False(AxonautError.IsPaginationHint("""{"error":{"message":"Forbidden access","status_code":"403"}}"""));
        Assert.Equal(": Forbidden access", AxonautError.Read("""{"error":{"message":"Forbidden access","status_code":"403"}}"""));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
