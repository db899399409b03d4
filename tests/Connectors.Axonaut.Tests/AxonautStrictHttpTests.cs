using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Relance.Connectors;
using Relance.Simulators.Hosting;

namespace Relance.Connectors.Axonaut.Tests;

/// <summary>Requests as a server stricter than Kestrel reads them: no chunked body, only event.post's fields.</summary>
public sealed class AxonautStrictHttpTests
{
    [Fact]
    public async Task Timeline_event_goes_with_content_length_and_only_documented_fields()
    {
        await using var fixture = await AxonautFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Total > 0);
        fixture.Simulator.Journal.Clear();

        await fixture.Connector().WriteNoteAsync(new NoteRequest("act-3", Id(invoice.Id), Id(invoice.CompanyId), "Tâche : appeler le client", Kind: NoteKind.Status), CancellationToken.None);

        var write = Assert.Single(fixture.Simulator.Journal.Writes);
        Assert.Equal(200, write.Status);
        Assert.Equal("/api/v2/events", write.Path);
        Assert.Null(write.Header("Transfer-Encoding"));
        Assert.Equal(Encoding.UTF8.GetByteCount(write.Body), write.ContentLength);
        Assert.Equal("application/json; charset=utf-8", write.Header("Content-Type"));
        Assert.Contains("application/json", write.Header("Accept"), StringComparison.Ordinal);
        var body = JsonDocument.Parse(write.Body).RootElement;
        Assert.Equal(invoice.CompanyId, body.GetProperty("company_id").GetInt64());
        Assert.Equal(6, body.GetProperty("nature").GetInt32());

        // A status note attaches no invoice list: the field is left out, never sent as null.
        Assert.DoesNotContain(body.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.Null);
        Assert.Single(fixture.Simulator.Store.Events);
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task The_api_key_never_follows_a_redirect_to_another_host()
    {
        await using var elsewhere = await HostileServer.StartAsync(c => c.Response.WriteAsync("[]"));
        await using var redirecting = await HostileServer.RedirectingToAsync(elsewhere.Address, 307);
        await using var fixture = await AxonautFixture.StartAsync();
        var connector = fixture.Connector(new Dictionary<string, string?> { ["BaseAddress"] = new Uri(redirecting.Address, "api/v2/").ToString() });

        var check = await connector.CheckAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<ConnectorException>(async () => await connector.ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.False(check.Succeeded);
        Assert.Equal(fixture.Simulator.ApiKey, redirecting.Journal.Requests[0].Header("userApiKey"));
        Assert.Empty(elsewhere.Journal.Requests);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_b2c_company_is_a_private_customer_and_the_postal_address_and_siret_are_kept()
    {
        await using var fixture = await AxonautFixture.StartAsync();
        var invoice = fixture.Simulator.Store.Invoices.First(i => i.Total > 0 && i.PaidDate is null);
        var person = fixture.Simulator.Store.FindCompany(invoice.CompanyId)!;
        person.IsB2C = true;

        var customers = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<CustomerRecord>().Select(c => c.Customer).ToList();

        var mapped = Assert.Single(customers, c => c.Id == Id(person.Id));
        Assert.Equal(CustomerKind.Individual, mapped.Kind);
        Assert.Equal(["12 avenue de la République", "75011 Paris"], mapped.Address!.ToLines().Take(2));
        Assert.Contains(customers, c => c.Kind == CustomerKind.Company && c.RegistrationNumber == "55210055400013");
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
