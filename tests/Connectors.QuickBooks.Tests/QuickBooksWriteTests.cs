using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksWriteTests
{
    [Fact]
    public async Task Status_note_is_appended_to_the_private_note_never_replacing_it()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 20 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.PrivateNote == "PO 4471 - deliver to site office");

        await fixture.Connector().WriteNoteAsync(new NoteRequest("act-1", invoice.Id, invoice.CustomerId, "Friendly reminder sent to accounts@x.co.uk"), CancellationToken.None);

        var note = fixture.Simulator.Store.FindInvoice(invoice.Id)!.PrivateNote!;
        var lines = note.Split('\n');
        Assert.Equal("PO 4471 - deliver to site office", lines[0]);
        Assert.Equal("2026-03-10 Relance: Friendly reminder sent to accounts@x.co.uk [relance:act-1]", lines[1]);
        var update = Assert.Single(fixture.Simulator.Store.Requests, r => r.Method == "POST");
        Assert.Contains("requestid=note-act-1-", update.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_sync_token_is_read_again_and_both_edits_survive()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 20 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.PrivateNote == "PO 4471 - deliver to site office");
        fixture.Simulator.EditAfterNextRead(invoice.Id);

        await fixture.Connector().WriteNoteAsync(new NoteRequest("act-2", invoice.Id, invoice.CustomerId, "Firm reminder sent"), CancellationToken.None);

        var lines = fixture.Simulator.Store.FindInvoice(invoice.Id)!.PrivateNote!.Split('\n');
        Assert.Equal(["PO 4471 - deliver to site office", "Called customer, promised Friday (bookkeeper)"], lines[..2]);
        Assert.EndsWith("[relance:act-2]", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Method == "POST" && r.Status == 400);
        Assert.Single(fixture.Simulator.Store.Requests, r => r.Method == "POST" && r.Status == 200);
    }

    [Fact]
    public async Task A_retried_note_is_not_written_twice()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Balance > 0m);
        var note = new NoteRequest("act-3", invoice.Id, invoice.CustomerId, "Formal notice sent");

        await fixture.Connector().WriteNoteAsync(note, CancellationToken.None);
        await fixture.Connector().WriteNoteAsync(note with { IsRetry = true }, CancellationToken.None);

        Assert.Single(fixture.Simulator.Store.FindInvoice(invoice.Id)!.PrivateNote!.Split('\n'), l => l.Contains("[relance:act-3]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_private_note_loses_relance_lines_first_never_peoples_text()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Balance > 0m);
        var people = new string('x', 3000);
        fixture.Simulator.Store.Update(invoice.Id, i => i.PrivateNote = people);
        var connector = fixture.Connector();

        for (var n = 0; n < 15; n++)
        {
            await connector.WriteNoteAsync(new NoteRequest($"act-{n}", invoice.Id, invoice.CustomerId, $"Reminder {n} sent, with a fairly long explanation of what happened"), CancellationToken.None);
        }

        var note = fixture.Simulator.Store.FindInvoice(invoice.Id)!.PrivateNote!;
        Assert.True(note.Length <= 4000);
        Assert.StartsWith(people, note, StringComparison.Ordinal);
        Assert.Contains("[relance:act-14]", note, StringComparison.Ordinal);
        Assert.DoesNotContain("[relance:act-0]", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_send_emails_the_invoice_once_even_when_retried()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Balance > 0m);
        var connector = fixture.Connector(new Dictionary<string, string?> { ["NativeSend"] = "true" });
        var reminder = new NativeReminderRequest("act-9", invoice.Id, ["pay@customer.co.uk"], "Reminder", "Body");

        await connector.SendReminderAsync(reminder, CancellationToken.None);
        await connector.SendReminderAsync(reminder, CancellationToken.None);

        var sent = Assert.Single(fixture.Simulator.Store.SentEmails);
        Assert.Equal("pay@customer.co.uk", sent.To);
        Assert.Equal("EmailSent", fixture.Simulator.Store.FindInvoice(invoice.Id)!.EmailStatus);
        Assert.True(connector.Descriptor.Supports(ConnectorCapabilities.NativeSend));
    }

    [Fact]
    public async Task Native_send_without_any_address_says_where_to_add_one()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30 });
        var customer = fixture.Simulator.Store.Customers.First(c => c.Email is null);
        var invoice = fixture.Simulator.Store.CreateInvoice(customer.Id, 250m, new DateOnly(2026, 3, 1));
        var connector = fixture.Connector(new Dictionary<string, string?> { ["NativeSend"] = "true" });

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.SendReminderAsync(new NativeReminderRequest("act-x", invoice.Id, [], "s", "b"), CancellationToken.None));

        Assert.Equal(ConnectorErrorKind.Platform, error.Kind);
        Assert.Contains($"sending invoice {invoice.Id} by e-mail", error.Message, StringComparison.Ordinal);
        Assert.Contains("set the customer's e-mail or the invoice's BillEmail", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Simulator.Store.SentEmails);
    }

    [Fact]
    public async Task Re_reading_invoices_before_acting_is_one_query_with_the_payment_link()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0 });
        var ids = fixture.Simulator.Store.Invoices.Where(i => i.Balance > 0m && i.OnlinePayment).Select(i => i.Id).Take(5).ToList();
        fixture.Simulator.Store.Pay(ids[0]);

        var invoices = await fixture.Connector().GetInvoicesAsync([.. ids, "999999"], CancellationToken.None);

        Assert.Equal(ids.Order(), invoices.Select(i => i.Id).Order());
        Assert.Equal(InvoiceStatus.Paid, invoices.Single(i => i.Id == ids[0]).Status);
        Assert.All(invoices.Where(i => i.IsOpen), i => Assert.NotNull(i.PaymentLink));
        var query = Assert.Single(fixture.Simulator.Store.Requests);
        Assert.Contains("include=invoiceLink", query.Query, StringComparison.Ordinal);
    }
}
