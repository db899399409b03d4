using Microsoft.Extensions.Options;
using Relance.Delivery;
using Relance.Engine.Dunning;

namespace Relance.Engine.Tests;

public sealed class TemplateCatalogTests
{
    public static TheoryData<string, string> Shipped => new()
    {
        { "fr", "courtesy" }, { "fr", "friendly" }, { "fr", "firm" }, { "fr", "final" }, { "fr", "formal_notice" }, { "fr", "handoff" },
        { "en", "courtesy" }, { "en", "friendly" }, { "en", "firm" }, { "en", "final" }, { "en", "formal_notice" }, { "en", "handoff" },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Every_shipped_template_renders_in_both_languages(string language, string template)
    {
        var message = new ReminderRenderer(Options.Create(new TemplateOptions())).Render(template, language, ReminderComposer.Sample());

        Assert.Equal(language, new ReminderRenderer(Options.Create(new TemplateOptions())).ResolveLanguage(template, language));
        Assert.Contains("F-2026-001", message.Subject + message.Body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
        Assert.Contains("Dupont SARL", message.Subject + message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", message.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "friendly")]
    [InlineData("en", "friendly")]
    [InlineData("fr", "firm")]
    [InlineData("en", "firm")]
    [InlineData("fr", "final")]
    [InlineData("en", "final")]
    public void A_grouped_reminder_lists_every_invoice_and_the_total(string language, string template)
    {
        var message = new ReminderRenderer(Options.Create(new TemplateOptions())).Render(template, language, ReminderComposer.Sample());

        Assert.Contains("2 ", message.Subject, StringComparison.Ordinal);
        Assert.Contains("1 334,56 EUR", message.Subject, StringComparison.Ordinal);
        Assert.Contains("- F-2026-001", message.Body, StringComparison.Ordinal);
        Assert.Contains("- F-2026-007", message.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "firm", "Malgré", "du 01/04/2026 et du 08/04/2026")]
    [InlineData("fr", "final", "Malgré", "du 01/04/2026 et du 08/04/2026")]
    [InlineData("fr", "formal_notice", "Malgré", "du 01/04/2026 et du 08/04/2026, restées sans effet")]
    [InlineData("fr", "handoff", "sans règlement", "friendly le 01/04/2026, firm le 08/04/2026")]
    [InlineData("en", "firm", "Despite", "of 01/04/2026 and 08/04/2026")]
    [InlineData("en", "final", "Despite", "of 01/04/2026 and 08/04/2026")]
    [InlineData("en", "formal_notice", "Despite", "of 01/04/2026 and 08/04/2026")]
    [InlineData("en", "handoff", "still unpaid", "friendly on 01/04/2026, firm on 08/04/2026")]
    public void A_text_speaks_of_earlier_reminders_only_when_there_were_some_and_gives_their_dates(string language, string template, string claim, string dated)
    {
        var renderer = new ReminderRenderer(Options.Create(new TemplateOptions()));
        var single = ReminderComposer.Sample() with { Invoices = [new("F-2026-001", "1 234,56 EUR", "31/03/2026", 12)] };

        var first = renderer.Render(template, language, single with { PreviousReminders = [] }).Body;
        var after = renderer.Render(template, language, single with { PreviousReminders = [new("friendly", "01/04/2026", "email"), new("firm", "08/04/2026", "email")] }).Body;

        Assert.DoesNotContain(claim, first, StringComparison.Ordinal);
        Assert.DoesNotContain("previous", first, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("précédente", first, StringComparison.Ordinal);
        Assert.Contains(claim, after, StringComparison.Ordinal);
        Assert.Contains("01/04/2026", after, StringComparison.Ordinal);
        Assert.Contains(dated, after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void The_formal_notice_states_amounts_penalties_indemnity_deadline_and_consequences(string language)
    {
        var body = new ReminderRenderer(Options.Create(new TemplateOptions())).Render("formal_notice", language, ReminderComposer.Sample()).Body;

        foreach (var expected in new[] { "1 234,56 EUR", "4,93 EUR", "40,00 EUR", "1 279,49 EUR", "20/04/2026", "12,15 %", "L441-10" })
        {
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }

        Assert.Contains(language == "fr" ? "injonction de payer" : "court proceedings", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void A_formal_notice_for_one_invoice_or_several_has_no_stray_blank_lines(string language)
    {
        var renderer = new ReminderRenderer(Options.Create(new TemplateOptions()));
        var sample = ReminderComposer.Sample() with { DailyInterest = "0,40 EUR" };

        foreach (var model in new[] { sample, sample with { Invoices = [sample.Invoices[0]] }, sample with { DailyInterest = "" }, sample with { Invoices = [sample.Invoices[0]], DailyInterest = "", HasPenalties = false } })
        {
            var body = renderer.Render("formal_notice", language, model).Body;
            Assert.DoesNotContain("\n\n\n", body, StringComparison.Ordinal);
            if (model.DailyInterest.Length == 0)
            {
                continue;
            }

            Assert.Contains(language == "fr" ? "\n\nLes pénalités de retard continuent de courir jusqu'au complet paiement, soit 0,40 EUR" : "\n\nInterest continues to accrue until payment at 0,40 EUR", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Objet : {{ invoice_numbr }}\nBonjour", "invoice_numbr")]
    [InlineData("Objet : x\n{{ include 'appsettings.json' }}", "include")]
    public void A_template_with_an_unknown_variable_or_a_file_access_fails_with_its_name_and_line(string text, string culprit)
    {
        var folder = Directory.CreateTempSubdirectory("relance-templates").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "fr"));
        File.WriteAllText(Path.Combine(folder, "fr", "custom.sbn"), text);
        var renderer = new ReminderRenderer(Options.Create(new TemplateOptions { Directory = folder }));

        var error = Assert.Throws<TemplateException>(() => renderer.Render("custom", "fr", ReminderComposer.Sample()));

        Assert.Contains("fr/custom", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(\d+,\d+\)", error.Message);
        Assert.Contains(culprit, error.Message, StringComparison.OrdinalIgnoreCase);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_formal_notice_pdf_is_a_real_pdf_with_the_text()
    {
        var pdf = FormalNoticePdf.Render("MISE EN DEMEURE — facture F-1", "Madame, Monsieur,\n\nVeuillez régler 1 234,56 € avant le 20/04/2026.", "ACME");

        Assert.True(pdf.Length > 1000);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
    }

    [Fact]
    public void A_paragraph_taller_than_a_page_is_split_across_pages_and_the_layout_ends()
    {
        // 4 000 characters without a space, then a long paragraph: the old layout added pages forever.
        var body = "Client : " + new string('A', 4000) + "\n\n" + string.Join(' ', Enumerable.Repeat("facture impayée", 900));

        var pdf = FormalNoticePdf.Render("MISE EN DEMEURE", body, "ACME");

        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        var pages = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 2, FormalNoticePdf.MaxPages);
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public void A_letter_that_would_exceed_the_page_limit_is_refused_with_a_clear_error()
    {
        var body = string.Join('\n', Enumerable.Repeat("ligne", 5000));

        var error = Assert.Throws<TemplateException>(() => FormalNoticePdf.Render("MISE EN DEMEURE", body, "ACME"));

        Assert.Contains($"more than {FormalNoticePdf.MaxPages} pages", error.Message, StringComparison.Ordinal);
    }
}
