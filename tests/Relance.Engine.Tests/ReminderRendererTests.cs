using Microsoft.Extensions.Options;
using Relance.Delivery;

namespace Relance.Engine.Tests;

public sealed class ReminderRendererTests
{
    private static readonly ReminderModel Model = new("Dupont SARL", "F-2026-042", "1 234,50 EUR", "1 234,50 EUR", "31/03/2026", 12, "https://pay.example/42", "ACME Compta", "compta@acme.example");

    [Theory]
    [InlineData("fr", "courtesy", "à échéance")]
    [InlineData("fr", "friendly", "Relance")]
    [InlineData("fr", "firm", "Nouvelle relance")]
    [InlineData("en", "courtesy", "falls due")]
    [InlineData("en", "friendly", "overdue")]
    [InlineData("en", "firm", "Further reminder")]
    public void Every_built_in_template_renders_with_its_placeholders(string language, string template, string marker)
    {
        var message = new ReminderRenderer(Options.Create(new TemplateOptions())).Render(template, language, Model);

        Assert.Contains("F-2026-042", message.Subject + message.Body, StringComparison.Ordinal);
        Assert.Contains("Dupont SARL", message.Body, StringComparison.Ordinal);
        Assert.Contains("1 234,50 EUR", message.Body, StringComparison.Ordinal);
        Assert.Contains("https://pay.example/42", message.Body, StringComparison.Ordinal);
        Assert.Contains("ACME Compta", message.Body, StringComparison.Ordinal);
        Assert.Contains(marker, message.Subject + message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", message.Body, StringComparison.Ordinal);
    }

    [Trait("Suite", "Hostile")]
    [Theory]
    [InlineData("..")]
    [InlineData("./")]
    [InlineData("f\u0000")]
    public void A_language_from_the_platform_never_reaches_a_template_path(string language)
    {
        var root = Directory.CreateTempSubdirectory("relance-templates-");
        try
        {
            // A template planted one level above the override folder, where "../friendly.sbn" would find it.
            var overrides = Directory.CreateDirectory(Path.Combine(root.FullName, "overrides"));
            File.WriteAllText(Path.Combine(root.FullName, "friendly.sbn"), "Subject: planted\nplanted");

            var message = new ReminderRenderer(Options.Create(new TemplateOptions { Directory = overrides.FullName, DefaultLanguage = "fr" })).Render("friendly", language, Model);

            Assert.DoesNotContain("planted", message.Subject + message.Body, StringComparison.Ordinal);
            Assert.Contains("F-2026-042", message.Subject + message.Body, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_language_falls_back_to_the_default_one()
    {
        var message = new ReminderRenderer(Options.Create(new TemplateOptions { DefaultLanguage = "en" })).Render("friendly", "de", Model);

        Assert.StartsWith("Reminder", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_folder_replaces_a_template_and_unknown_variables_fail_with_the_template_name()
    {
        var folder = Directory.CreateTempSubdirectory("relance-templates").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "fr"));
        File.WriteAllText(Path.Combine(folder, "fr", "friendly.sbn"), "Objet : Rappel {{ invoice_number }}\nBonjour {{ customer_nmae }}");
        var renderer = new ReminderRenderer(Options.Create(new TemplateOptions { Directory = folder }));

        var error = Assert.Throws<TemplateException>(() => renderer.Render("friendly", "fr", Model));

        Assert.Contains("fr/friendly", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer_nmae", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("fr", 1, "échue depuis 1 jour")]
    [InlineData("fr", 2, "échue depuis 2 jours")]
    [InlineData("en", 1, "is 1 day overdue")]
    [InlineData("en", 2, "is 2 days overdue")]
    public void Days_are_singular_or_plural_as_the_language_wants(string language, int days, string expected)
    {
        var message = new ReminderRenderer(Options.Create(new TemplateOptions())).Render("friendly", language, Model with { DaysLate = days });

        Assert.EndsWith(expected, message.Subject, StringComparison.Ordinal);
    }
}
