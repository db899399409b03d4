using System.Text;
using System.Text.Json;
using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

/// <summary>Requests as a server stricter than Kestrel reads them: no chunked body, a sparse update's fields only.</summary>
public sealed class QuickBooksStrictHttpTests
{
    [Fact]
    public async Task Note_update_and_send_go_with_content_length_and_the_documented_shape()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 });
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Balance > 0m);
        var connector = fixture.Connector(new Dictionary<string, string?> { ["NativeSend"] = "true" });
        fixture.Simulator.Journal.Clear();

        await connector.WriteNoteAsync(new NoteRequest("act-1", invoice.Id, invoice.CustomerId, "Friendly reminder sent"), CancellationToken.None);
        await connector.SendReminderAsync(new NativeReminderRequest("act-2", invoice.Id, ["pay@customer.co.uk"], "Reminder", "Body"), CancellationToken.None);

        var writes = fixture.Simulator.Journal.Writes.Where(w => w.Path.StartsWith("/v3/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w =>
        {
            Assert.Equal(200, w.Status);
            Assert.Null(w.Header("Transfer-Encoding"));
            Assert.Equal(Encoding.UTF8.GetByteCount(w.Body), w.ContentLength);
            Assert.Contains("application/json", w.Header("Accept"), StringComparison.Ordinal);
            Assert.Contains("minorversion=", w.Query, StringComparison.Ordinal);
            Assert.Contains("requestid=", w.Query, StringComparison.Ordinal);
        });

        var update = writes[0];
        Assert.Equal("application/json; charset=utf-8", update.Header("Content-Type"));
        var body = JsonDocument.Parse(update.Body).RootElement;
        Assert.Equal(["Id", "SyncToken", "sparse", "PrivateNote"], body.EnumerateObject().Select(p => p.Name));
        Assert.True(body.GetProperty("sparse").GetBoolean());

        var send = writes[1];
        Assert.Equal($"/v3/company/{fixture.Simulator.Options.RealmId}/invoice/{invoice.Id}/send", send.Path);
        Assert.Equal("application/octet-stream", send.Header("Content-Type"));
        Assert.Equal(0, send.ContentLength);
    }
}
