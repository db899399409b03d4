using System.Text.Json;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// An accounting firm with several client companies: verbs look at every connection unless told otherwise, and an
/// invoice or customer is named as people name them, in whichever connection holds it — never guessed.
/// </summary>
public sealed class CliAcrossConnectionsTests
{
    [Fact]
    public async Task Verbs_find_an_invoice_or_customer_in_the_connection_that_holds_it_and_refuse_what_two_share()
    {
        using var dir = new TempDirectory();
        await using var acme = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(TimeProvider.System, dueDaysAgo: 20);
        await using var bistrot = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(TimeProvider.System, dueDaysAgo: 20);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        bistrot.Store.AddCustomer(new SimCustomer { Id = 602, Name = "Martin & Fils", Emails = ["compta@martin.example"] }, DateTimeOffset.UtcNow.AddDays(-100));
        bistrot.Store.AddInvoice(new SimInvoice { Id = 7002, Number = "F-2026-7002", CustomerId = 602, Date = today.AddDays(-50), Deadline = today.AddDays(-20), Total = 480m, Remaining = 480m }, DateTimeOffset.UtcNow.AddDays(-50));
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", acme), RelanceTestHost.PennylaneConnection("bistrot", bistrot));

        Task<(int Exit, string Stdout, string Stderr)> Relance(params string[] args) => RelanceProcess.RunApartAsync(dir.Path, settings, args);

        // sync without --connection reads both companies.
        var sync = await Relance("sync");
        Assert.True(sync.Exit == 0, sync.Stdout + sync.Stderr);
        Assert.Contains("sync acme: ", sync.Stdout, StringComparison.Ordinal);
        Assert.Contains("sync bistrot: ", sync.Stdout, StringComparison.Ordinal);

        // An invoice number only one company has: found there.
        var paused = await Relance("pause", "--invoice", "F-2026-7002", "--reason", "called");
        Assert.True(paused.Exit == 0, paused.Stdout + paused.Stderr);
        Assert.Contains("invoice F-2026-7002 in 'bistrot'", paused.Stdout, StringComparison.Ordinal);

        // A number both companies use: refused, naming both, until --connection says which.
        var ambiguous = await Relance("history", "--invoice", "F-2026-7001");
        Assert.Equal(2, ambiguous.Exit);
        Assert.Contains("2 invoices answer to 'F-2026-7001' (acme: id 7001", ambiguous.Stdout + ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains("bistrot: id 7001", ambiguous.Stdout + ambiguous.Stderr, StringComparison.Ordinal);
        var history = await Relance("history", "--invoice", "F-2026-7001", "--connection", "acme", "--format", "json");
        Assert.Equal(0, history.Exit);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(history.Stdout).RootElement.ValueKind);

        // The message that would go, by the number printed on the invoice, without saying which company holds it.
        var preview = await Relance("preview", "--invoice", "F-2026-7002");
        Assert.True(preview.Exit == 0, preview.Stdout + preview.Stderr);
        Assert.Contains("To: compta@martin.example", preview.Stdout, StringComparison.Ordinal);
        Assert.Contains("F-2026-7002", preview.Stdout, StringComparison.Ordinal);

        // A typo is refused with the closest numbers.
        var typo = await Relance("preview", "--invoice", "F-2026-7020");
        Assert.Equal(1, typo.Exit);
        Assert.Contains("closest numbers: F-2026-7001, F-2026-7002", typo.Stdout + typo.Stderr, StringComparison.Ordinal);

        // A customer by a part of its name only one has; a name both have, refused; a misspelt one, with suggestions.
        var martin = await Relance("pause", "--customer", "martin");
        Assert.True(martin.Exit == 0, martin.Stdout + martin.Stderr);
        Assert.Contains("customer Martin & Fils (602) in 'bistrot'", martin.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await Relance("pause", "--customer", "Dupont SARL")).Exit);
        var misspelt = await Relance("pause", "--customer", "Dupond SARL");
        Assert.Equal(1, misspelt.Exit);
        Assert.Contains("closest names: Dupont SARL", misspelt.Stdout + misspelt.Stderr, StringComparison.Ordinal);

        // pending and plan without --connection: both companies, as data for a script.
        var pending = await Relance("pending", "--format", "json");
        Assert.Equal(0, pending.Exit);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(pending.Stdout).RootElement.ValueKind);
        var plan = await Relance("plan", "--format", "json", "--days", "60");
        Assert.Equal(0, plan.Exit);
        var planned = JsonDocument.Parse(plan.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["acme", "bistrot"], planned.Select(r => r.GetProperty("connection").GetString()).Distinct().Order());
        Assert.True(planned.Any(r => r.GetProperty("invoice").GetString() == "F-2026-7002" && r.GetProperty("reason").GetString()!.Contains("held: ", StringComparison.Ordinal)), plan.Stdout);
        Assert.Equal(1200m, planned.First(r => r.GetProperty("connection").GetString() == "acme").GetProperty("amount_due").GetProperty("amount").GetDecimal());

        // A connection name with a typo: a usage error with a suggestion.
        var wrong = await Relance("plan", "--connection", "acmee");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("did you mean 'acme'?", wrong.Stdout + wrong.Stderr, StringComparison.Ordinal);
        Assert.Empty(acme.Store.Comments.Where(c => c.Content.Contains("called", StringComparison.Ordinal)));
        Assert.Single(bistrot.Store.Comments, c => c.Content.Contains("called", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_french_report_csv_opens_as_columns_in_french_excel()
    {
        using var dir = new TempDirectory();
        await using var acme = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(TimeProvider.System, dueDaysAgo: 20);
        var settings = RelanceTestHost.PennylaneConnection("acme", acme);
        Assert.Equal(0, (await RelanceProcess.RunAsync(dir.Path, settings, "sync")).Exit);
        var file = Path.Combine(dir.Path, "report.csv");

        var (exit, output) = await RelanceProcess.RunAsync(dir.Path, settings, "report", "--format", "csv", "--csv-culture", "fr", "--out", file);

        Assert.True(exit == 0, output);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("connection;section;key;currency;count;amount;value", lines[0]);
        Assert.Contains("acme;figures;open;EUR;;1200;", lines);
        Assert.All(lines, l => Assert.Equal(6, l.Count(c => c == ';')));
    }

    [Fact]
    public async Task A_french_admin_reads_the_report_and_the_listings_in_french()
    {
        using var dir = new TempDirectory();
        await using var acme = await SimulatorScenarios.PennylaneWithOneInvoiceAsync(TimeProvider.System, dueDaysAgo: 20);
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", acme), new Dictionary<string, string?> { ["Relance:Language"] = "fr" });
        Assert.Equal(0, (await RelanceProcess.RunAsync(dir.Path, settings, "sync")).Exit);
        var file = Path.Combine(dir.Path, "rapport.html");

        var report = await RelanceProcess.RunApartAsync(dir.Path, settings, "report");
        var html = await RelanceProcess.RunApartAsync(dir.Path, settings, "report", "--format", "html", "--out", file);
        var pending = await RelanceProcess.RunApartAsync(dir.Path, settings, "pending");

        Assert.True(report.Exit == 0, report.Stdout + report.Stderr);
        Assert.Contains("Encours clients de 'acme' au ", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("DSO (méthode de l'épuisement)", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("1\u202F200,00\u00A0€", report.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, html.Exit);
        var page = await File.ReadAllTextAsync(file);
        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("Plus gros retards", page, StringComparison.Ordinal);
        Assert.Contains("Factures ouvertes par jours de retard (EUR)", page, StringComparison.Ordinal);
        Assert.Contains("0 en attente dans acme.", pending.Stdout, StringComparison.Ordinal);
    }
}
