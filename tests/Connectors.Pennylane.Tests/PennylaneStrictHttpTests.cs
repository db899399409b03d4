using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.Pennylane.Tests;

/// <summary>Requests as a server stricter than Kestrel reads them: no chunked body, exact fields.</summary>
public sealed class PennylaneStrictHttpTests
{
    [Fact]
    public async Task Comment_and_send_by_email_go_with_content_length_and_only_the_documented_fields()
    {
        await using var fixture = await PennylaneFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => !i.Draft && !i.CreditNote && i.Remaining > 0);
        var id = invoice.Id.ToString(CultureInfo.InvariantCulture);
        var connector = fixture.Connector();
        fixture.Simulator.Journal.Clear();

        await connector.WriteNoteAsync(new NoteRequest("act-7", id, "501", "Relance : rappel amical envoyé à compta@client.fr"), CancellationToken.None);
        await connector.SendReminderAsync(new NativeReminderRequest("act-8", id, ["compta@client.fr"], "Rappel", "Bonjour"), CancellationToken.None);

        var writes = fixture.Simulator.Journal.Writes;
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w =>
        {
            Assert.InRange(w.Status, 200, 299);
            Assert.Null(w.Header("Transfer-Encoding"));
            Assert.Equal(Encoding.UTF8.GetByteCount(w.Body), w.ContentLength);
            Assert.Equal("application/json; charset=utf-8", w.Header("Content-Type"));
            Assert.Contains("application/json", w.Header("Accept"), StringComparison.Ordinal);
            Assert.Equal("Bearer " + fixture.Simulator.Token, w.Header("Authorization"));
        });

        var comment = JsonDocument.Parse(writes[0].Body).RootElement;
        Assert.Equal($"/api/external/v2/customer_invoices/{id}/comments", writes[0].Path);
        Assert.Equal(["content"], comment.EnumerateObject().Select(p => p.Name));
        Assert.Contains("[relance:act-7]", comment.GetProperty("content").GetString(), StringComparison.Ordinal);

        Assert.Equal($"/api/external/v2/customer_invoices/{id}/send_by_email", writes[1].Path);
        Assert.Equal("""{"recipients":["compta@client.fr"]}""", writes[1].Body);

        // The simulator read the recipients: a body it could not read would have fallen back to the customer's e-mails.
        Assert.Equal(["compta@client.fr"], Assert.Single(fixture.Simulator.Store.Sends).Recipients);
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task Simulator_refuses_a_chunked_body_and_unknown_fields_as_a_strict_server_does()
    {
        await using var fixture = await PennylaneFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => !i.Draft);
        var url = new Uri(fixture.Simulator.BaseAddress, $"customer_invoices/{invoice.Id}/comments");
        using var http = new HttpClient();

        // A stream of unknown length goes chunked.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new UnknownLengthStream("""{"content":"hello"}""")) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.Authorization = new("Bearer", fixture.Simulator.Token);
        chunked.Headers.Accept.ParseAdd("application/json");
        using var refused = await http.SendAsync(chunked);

        using var extra = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("""{"content":"hello","pinned":true}""", Encoding.UTF8, "application/json") };
        extra.Headers.Authorization = new("Bearer", fixture.Simulator.Token);
        extra.Headers.Accept.ParseAdd("application/json");
        using var unknown = await http.SendAsync(extra);

        Assert.Equal(HttpStatusCode.LengthRequired, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("pinned: unknown field", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(fixture.Simulator.Store.Comments);
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task A_redirect_is_not_followed_and_the_token_never_reaches_the_other_host()
    {
        await using var elsewhere = await HostileServer.StartAsync(c => c.Response.WriteAsync("[]"));
        await using var redirecting = await HostileServer.RedirectingToAsync(elsewhere.Address);
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(redirecting.Address, "api/external/v2/").ToString() });

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.NotEmpty(redirecting.Journal.Requests);
        Assert.Empty(elsewhere.Journal.Requests);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
    }

    [Trait("Suite", "Hostile")]
    [Theory]
    [InlineData("repeated-cursor")]
    [InlineData("endless-new-cursors")]
    public async Task A_server_whose_cursor_never_ends_stops_the_read_with_an_error_in_bounded_requests(string mode)
    {
        var pages = 0;
        await using var hostile = await HostileServer.StartAsync(async c =>
        {
            var page = Interlocked.Increment(ref pages);
            var cursor = mode == "repeated-cursor" ? "same" : $"c{page}";
            var id = mode == "repeated-cursor" ? page : 1000 + page;
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync($$"""{"items":[{"id":{{id}},"invoice_number":"F-{{id}}","currency":"EUR","currency_amount":"10.00","remaining_amount_with_tax":"10.00","deadline":"2026-01-01","date":"2025-12-01","paid":false,"status":"late","draft":false}],"has_more":true,"next_cursor":"{{cursor}}"}""");
        });
        await using var fixture = await PennylaneFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(hostile.Address, "api/external/v2/").ToString(), ["MaxPages"] = "50" });

        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Contains("paging stopped while reading invoices", error.Message, StringComparison.Ordinal);
        Assert.Contains("not counted as complete", error.Message, StringComparison.Ordinal);
        Assert.InRange(pages, 2, 50);
    }

    private sealed class UnknownLengthStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override bool CanSeek => false;
    }
}
