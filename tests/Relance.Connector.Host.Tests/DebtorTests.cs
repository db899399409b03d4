using Microsoft.Extensions.DependencyInjection;
using Relance.Connectors;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>Who the debtor is decides the law and the letter: business or private person, with their address.</summary>
public sealed class DebtorTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_private_customer_gets_no_b2b_penalties_nor_40_euros_and_the_notice_says_legal_interest_runs_from_it()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 40);
        var person = road.Pennylane.Store.FindCustomer(601)!;
        (person.Individual, person.FirstName, person.LastName, person.Name) = (true, "Marie", "Dupont", "Marie Dupont");
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var (stored, notice) = await FormalNoticeAsync(host);

        Assert.Equal(CustomerKind.Individual, stored.Customer!.Kind);
        Assert.False(notice.Charges.IsPositive);
        Assert.Equal(0m, notice.Charges.FixedCompensation.Amount);
        Assert.DoesNotContain("L441-10", notice.Message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("40,00", notice.Message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("indemnité forfaitaire", notice.Message.Body, StringComparison.Ordinal);
        Assert.Contains("1231-6 et 1344-1 du Code civil", notice.Message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_customer_is_charged_under_l441_10_and_the_notice_carries_its_address_and_siren()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 40);
        var company = road.Pennylane.Store.FindCustomer(601)!;
        (company.Street, company.PostalCode, company.City, company.RegNo, company.Recipient) = ("8 quai des Chartrons", "33000", "Bordeaux", "552100554", "Paul Martin");
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var (stored, notice) = await FormalNoticeAsync(host);

        Assert.Equal(CustomerKind.Company, stored.Customer!.Kind);
        Assert.Equal(new Money(40m, "EUR"), notice.Charges.FixedCompensation);
        Assert.Contains("L441-10", notice.Message.Body, StringComparison.Ordinal);
        Assert.Contains("À l'attention de Paul Martin\n8 quai des Chartrons\n33000 Bordeaux\nFR\nSIREN/SIRET\u00A0: 552100554", notice.Message.Body, StringComparison.Ordinal);
        Assert.NotNull(stored.Invoice.PdfLink);
    }

    [Theory]
    [InlineData("Paul Martin", "Bonjour Paul Martin,")]
    [InlineData(null, "Madame, Monsieur,")]
    public async Task A_reminder_greets_the_contact_by_name_or_madame_monsieur_never_the_company(string? contact, string greeting)
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        road.Pennylane.Store.FindCustomer(601)!.Recipient = contact;
        using var host = await road.StartHostAsync();
        await host.Sync.RunAsync("acme", CancellationToken.None);

        await host.Dunning.RunAsync("acme", CancellationToken.None);

        var body = Assert.Single(road.Smtp.Messages).TextBody;
        Assert.Contains($"\n{greeting}\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Bonjour Dupont SARL", body, StringComparison.Ordinal);
        Assert.StartsWith("Dupont SARL\n", body, StringComparison.Ordinal);

        Assert.Contains("Merci de bien vouloir procéder à son règlement", body, StringComparison.Ordinal);

        // The invoice itself is one click away.
        var stored = (await host.Ledger.GetInvoiceAsync("acme", "7001", CancellationToken.None))!;
        Assert.Contains($"La facture\u00A0: {stored.Invoice.PdfLink}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_kind_set_in_configuration_wins_over_the_platform()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 40);
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, Settings.Merge(road.Settings, new Dictionary<string, string?> { ["Relance:Connections:acme:CustomerKinds:601"] = "Individual" }), road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);

        var (stored, notice) = await FormalNoticeAsync(host);

        Assert.Equal(CustomerKind.Company, stored.Customer!.Kind);
        Assert.Equal(0m, notice.Charges.FixedCompensation.Amount);
        Assert.DoesNotContain("L441-10", notice.Message.Body, StringComparison.Ordinal);
    }

    private static async Task<(Relance.Ledger.StoredInvoice Stored, ComposedReminder Notice)> FormalNoticeAsync(RelanceTestHost host)
    {
        var connection = await host.Services.GetRequiredService<ConnectionFactory>().CreateAsync("acme", CancellationToken.None);
        var stored = (await host.Ledger.GetInvoiceAsync("acme", "7001", CancellationToken.None))!;
        var step = connection.Policy.Steps.Single(s => s.Name == "formal-notice");
        var notice = host.Services.GetRequiredService<ReminderComposer>().Compose(connection, stored.Invoice, stored.Customer, step, DateOnly.FromDateTime(Morning.UtcDateTime));
        return (stored, notice);
    }
}
