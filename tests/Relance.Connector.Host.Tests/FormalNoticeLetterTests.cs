using Microsoft.Extensions.Options;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Testing;
using UglyToad.PdfPig;

namespace Relance.Connector.Host.Tests;

/// <summary>The formal notice is a letter a French accountant would sign: everything it must carry, read back from the PDF.</summary>
public sealed class FormalNoticeLetterTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Company() => new()
    {
        ["Relance:Connections:acme:Company:LegalName"] = "Atelier Dubois SARL",
        ["Relance:Connections:acme:Company:Street"] = "12 rue de la Paix",
        ["Relance:Connections:acme:Company:PostalCode"] = "75002",
        ["Relance:Connections:acme:Company:City"] = "Paris",
        ["Relance:Connections:acme:Company:RegistrationNumber"] = "732 829 320",
        ["Relance:Connections:acme:Company:VatNumber"] = "FR44732829320",
        ["Relance:Connections:acme:Company:Iban"] = "FR7630006000011234567890189",
        ["Relance:Connections:acme:Company:Bic"] = "BNPAFRPPXXX",
        ["Relance:Connections:acme:Company:Signatory"] = "Claire Dubois",
        ["Relance:Connections:acme:Company:SignatoryTitle"] = "Gérante",
    };

    [Fact]
    public async Task The_formal_notice_pdf_carries_every_element_of_a_real_letter()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 35);
        var customer = road.Pennylane.Store.FindCustomer(601)!;
        (customer.Street, customer.PostalCode, customer.City, customer.RegNo, customer.Recipient) = ("8 quai des Chartrons", "33000", "Bordeaux", "552100554", "Paul Martin");
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, Settings.Merge(road.Settings, Company()), road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-20), "friendly");
        await host.RecordSentAsync("acme", "7001", "601", Morning.AddDays(-10), "firm", "final");
        await host.Dunning.RunAsync("acme", CancellationToken.None);
        var action = Assert.Single(await host.Ledger.GetActionsAsync("acme", "7001", CancellationToken.None), a => a.Step == "formal-notice");
        await host.Ledger.TransitionAsync(action.Id, ActionState.AwaitingApproval, ActionState.Approved, "approved in test", road.Clock.GetUtcNow(), CancellationToken.None);

        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(OutcomeKind.Sent, Assert.Single(report.Outcomes).Kind);
        var mail = Assert.Single(road.Smtp.Messages);
        var part = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("mise-en-demeure-F-2026-7001.pdf", part.FileName);
        using var bytes = new MemoryStream();
        await part.Content.DecodeToAsync(bytes);
        using var pdf = PdfDocument.Open(bytes.ToArray());
        // Words in reading order, line after line; wrapped lines read as one text.
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key).Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))))).Replace('\u00A0', ' ').Replace('\u202F', ' ');

        // Creditor letterhead, debtor in the envelope window, place and date in words, registered mail, object.
        Assert.Contains("Atelier Dubois SARL", text, StringComparison.Ordinal);
        Assert.Contains("12 rue de la Paix", text, StringComparison.Ordinal);
        Assert.Contains("75002 Paris", text, StringComparison.Ordinal);
        Assert.Contains("SIREN/SIRET 732 829 320", text, StringComparison.Ordinal);
        Assert.Contains("TVA intracommunautaire FR44732829320", text, StringComparison.Ordinal);
        Assert.Contains("Dupont SARL", text, StringComparison.Ordinal);
        Assert.Contains("À l'attention de Paul Martin", text, StringComparison.Ordinal);
        Assert.Contains("8 quai des Chartrons", text, StringComparison.Ordinal);
        Assert.Contains("33000 Bordeaux", text, StringComparison.Ordinal);
        Assert.Contains("Paris, le 10 mars 2026", text, StringComparison.Ordinal);
        Assert.Contains("Lettre recommandée avec accusé de réception", text, StringComparison.Ordinal);
        Assert.Contains("Objet : MISE EN DEMEURE DE PAYER — facture F-2026-7001", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "MISE EN DEMEURE"));

        // The earlier reminders with their dates, the sums and their basis, what keeps running, the deadline, what follows.
        Assert.Contains("Malgré nos relances du 18/02/2026, du 28/02/2026 et du 28/02/2026", text, StringComparison.Ordinal);
        Assert.Contains("principal restant dû : 1 200,00 €", text, StringComparison.Ordinal);
        Assert.Contains("pénalités de retard arrêtées au 10/03/2026", text, StringComparison.Ordinal);
        Assert.Contains("au taux de 12,15 %", text, StringComparison.Ordinal);
        Assert.Contains("indemnité forfaitaire pour frais de recouvrement : 40,00 €", text, StringComparison.Ordinal);
        Assert.Contains("continuent de courir jusqu'au complet paiement, soit 0,40 € par jour", text, StringComparison.Ordinal);
        Assert.Contains("au plus tard le 18/03/2026, soit sous 8 jours", text, StringComparison.Ordinal);
        Assert.Contains("injonction de payer", text, StringComparison.Ordinal);
        Assert.Contains("L441-10", text, StringComparison.Ordinal);

        // How to pay, and who signs.
        Assert.Contains("IBAN FR76 3000 6000 0112 3456 7890 189, BIC BNPAFRPPXXX", text, StringComparison.Ordinal);
        Assert.Contains("Claire Dubois, Gérante", text, StringComparison.Ordinal);
    }

    // 1 200 € due 35 days ago and 800 € due 40 days ago (ECB 2.15 % + 10 = 12.15 % through H1 2026):
    // 1 200 × 12.15 % × 35 / 365 = 13.98; 800 × 12.15 % × 40 / 365 = 10.65; claimed 2 000 + 24.63 + 2 × 40 = 2 104.63 €.
    [Fact]
    public async Task Two_approved_notices_of_one_customer_go_as_one_letter_listing_both_invoices()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 35);
        var today = DateOnly.FromDateTime(Morning.UtcDateTime);
        road.Pennylane.Store.AddInvoice(new Relance.Simulators.Pennylane.SimInvoice { Id = 7002, Number = "F-2026-7002", CustomerId = 601, Date = today.AddDays(-70), Deadline = today.AddDays(-40), Total = 800m, Remaining = 800m }, Morning.AddDays(-70));
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, Settings.Merge(road.Settings, Company()), road.Clock);
        await host.Sync.RunAsync("acme", CancellationToken.None);
        foreach (var id in new[] { "7001", "7002" })
        {
            await host.RecordSentAsync("acme", id, "601", Morning.AddDays(-20), "friendly");
            await host.RecordSentAsync("acme", id, "601", Morning.AddDays(-10), "firm", "final");
        }

        await host.Dunning.RunAsync("acme", CancellationToken.None);
        foreach (var action in (await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None)).Where(a => a.State == ActionState.AwaitingApproval))
        {
            await host.Ledger.TransitionAsync(action.Id, ActionState.AwaitingApproval, ActionState.Approved, "approved in test", road.Clock.GetUtcNow(), CancellationToken.None);
        }

        var report = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Equal(2, report.Outcomes.Count(o => o.Kind == OutcomeKind.Sent && o.Step == "formal-notice"));
        var mail = Assert.Single(road.Smtp.Messages);
        Assert.Equal("MISE EN DEMEURE DE PAYER — factures F-2026-7002, F-2026-7001", mail.Subject);
        var body = mail.TextBody.Replace('\u00A0', ' ').Replace('\u202F', ' ');
        Assert.Contains("les factures suivantes demeurent impayées", body, StringComparison.Ordinal);
        Assert.Contains("- facture n° F-2026-7002", body, StringComparison.Ordinal);
        Assert.Contains("- facture n° F-2026-7001", body, StringComparison.Ordinal);
        Assert.Contains("la somme totale de 2 104,63 €", body, StringComparison.Ordinal);
        Assert.Contains("en indiquant les références F-2026-7002, F-2026-7001", body, StringComparison.Ordinal);
        Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal(2, road.Pennylane.Store.Comments.Count(c => c.Content.Contains("formal-notice", StringComparison.Ordinal) || c.Content.Contains("mise en demeure", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_mistyped_iban_is_refused_at_start_without_printing_it_whole()
    {
        using var dir = new TempDirectory();
        var settings = Settings.Merge(Settings.UnreachablePennylane("acme"), new Dictionary<string, string?> { ["Relance:Connections:acme:Company:Iban"] = "FR7630006000011234567890188" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RelanceTestHost.StartAsync(dir.Path, settings, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Morning)));

        var failure = Assert.Single(error.Failures, f => f.StartsWith("Relance:Connections:acme:Company:Iban:", StringComparison.Ordinal));
        Assert.Contains("FR…0188", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("30006000011234567890188", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", 1, "Paris, le 1er décembre 2026")]
    [InlineData("fr", 4, "Paris, le 4 décembre 2026")]
    [InlineData("en", 4, "Paris, 4 December 2026")]
    public void Place_and_date_are_written_in_words(string language, int day, string expected)
    {
        var company = new Relance.Engine.Configuration.CompanyOptions { City = "Paris" };

        Assert.Equal(expected, ReminderComposer.PlaceAndDate(company, new DateOnly(2026, 12, day), language));
    }
}
