using Relance.Connector.Host.Demo;
using Relance.Engine.Dunning;
using Relance.Testing;
using Spectre.Console;

namespace Relance.Connector.Host.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_shows_every_kind_of_action_and_a_second_run_sends_nothing_already_sent()
    {
        using var dir = new TempDirectory();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });

        var first = await DemoRunner.RunCoreAsync(new DemoOptions(dir.Path, 30, Reset: false), console, CancellationToken.None);
        var second = await DemoRunner.RunCoreAsync(new DemoOptions(dir.Path, 30, Reset: false), console, CancellationToken.None);

        var firstSent = first.Where(o => o.Outcome.Kind == OutcomeKind.Sent).ToList();
        Assert.Contains(firstSent, o => o.Outcome.DaysLate < 0);
        Assert.Contains(firstSent, o => o.Outcome.DaysLate > 0);
        Assert.All(firstSent, o => Assert.True(o.Outcome.NoteWritten));
        Assert.Equal(["atelier-axonaut", "thistle-quickbooks"], firstSent.Select(o => o.Outcome.Connection).Distinct().Where(c => !c.EndsWith("-pennylane", StringComparison.Ordinal)).Order());
        Assert.Contains(firstSent, o => o.Outcome.Connection == "thistle-quickbooks" && o.Outcome.AmountDue.Currency == "GBP");
        var keys = firstSent.Select(o => (o.Outcome.Connection, o.Outcome.InvoiceId, o.Outcome.Step)).ToHashSet();
        Assert.DoesNotContain(second.Where(o => o.Outcome.Kind == OutcomeKind.Sent), o => keys.Contains((o.Outcome.Connection, o.Outcome.InvoiceId, o.Outcome.Step)));
        Assert.True(second.Min(o => o.Day) > first.Max(o => o.Day), "the second run continues after the first");
        var ledger = new Relance.Ledger.SqliteDunningLedger(Microsoft.Extensions.Options.Options.Create(new Relance.Ledger.LedgerOptions { ConnectionString = $"Data Source={Path.Combine(dir.Path, "relance-ledger.db")}" }));
        var actions = new List<Relance.Ledger.LedgerAction>();
        foreach (var connection in first.Select(o => o.Outcome.Connection).Distinct())
        {
            actions.AddRange(await ledger.GetActionsAsync(connection, null, CancellationToken.None));
        }

        var emlFiles = Directory.GetFiles(Path.Combine(dir.Path, "outbox"), "*.eml").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Order(), emlFiles);
        Assert.Equal(firstSent.Count + second.Count(o => o.Outcome.Kind == OutcomeKind.Sent), actions.Count(a => a.State == Relance.Ledger.ActionState.Sent));
    }

    [Fact]
    public async Task Each_demo_run_writes_back_one_note_per_action_and_never_again_for_an_earlier_run()
    {
        using var dir = new TempDirectory();

        var (first, firstPrinted) = await RunDemoAsync(dir.Path, days: 20);
        var (second, secondPrinted) = await RunDemoAsync(dir.Path, days: 20);

        // The simulators start afresh at each run, so a note written again for an action of the first run would be
        // counted in the second; the count printed is exactly that run's sends and tasks.
        // The first run also notes the simulated mailbox's reply and bounce on the platform: one note each.
        var inboxNotes = System.Text.RegularExpressions.Regex.Matches(firstPrinted, "inbox \\(simulated\\)").Count;
        Assert.Equal(NotesDue(first) + inboxNotes, NotesPrinted(firstPrinted));
        Assert.Equal(NotesDue(second), NotesPrinted(secondPrinted));
        Assert.True(NotesDue(first) > 50, $"the demo should act, acted {NotesDue(first)} times");

        // The simulated mailbox: one reply held its customer, one bounce stopped its address; once per demo folder.
        Assert.Contains("inbox (simulated): reply from", firstPrinted, StringComparison.Ordinal);
        Assert.Contains("held until", firstPrinted, StringComparison.Ordinal);
        Assert.Contains("inbox (simulated): bounce from", firstPrinted, StringComparison.Ordinal);
        Assert.Contains("flagged invalid", firstPrinted, StringComparison.Ordinal);
        Assert.DoesNotContain("inbox (simulated)", secondPrinted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_formal_notice_is_a_complete_letter()
    {
        using var dir = new TempDirectory();
        await RunDemoAsync(dir.Path, days: 45);

        var notice = Directory.GetFiles(Path.Combine(dir.Path, "outbox"), "*.eml")
            .Select(f => MimeKit.MimeMessage.Load(f))
            .First(m => m.Subject.StartsWith("MISE EN DEMEURE", StringComparison.Ordinal));
        var part = Assert.Single(notice.Attachments.OfType<MimeKit.MimePart>());
        using var bytes = new MemoryStream();
        await part.Content.DecodeToAsync(bytes);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes.ToArray());
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        foreach (var element in new[]
        {
            "Paris, le", "SIREN/SIRET 732 829 320", "TVA intracommunautaire", "Lettre recommandée avec accusé de réception", "Objet : MISE EN DEMEURE",
            "principal restant dû", "indemnité forfaitaire", "continuent de courir", "injonction de payer", "IBAN FR76 3000", "BIC BNPAFRPPXXX", "Claire Dubois, Gérante",
        })
        {
            Assert.Contains(element, text, StringComparison.Ordinal);
        }

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "MISE EN DEMEURE"));
    }

    [Fact]
    public async Task The_quota_scenario_reads_a_large_account_whole_over_successive_days_then_sends_what_the_quota_allows_and_records_every_send()
    {
        using var dir = new TempDirectory();

        var (outcomes, printed) = await RunDemoAsync(dir.Path, days: 60, DemoScenario.Quota);

        var completed = System.Text.RegularExpressions.Regex.Match(printed, @"day (\d+): grande-axonaut first full read of 3,000 invoices completed in (\d+) days \((\d+) parts, (\d+) requests under a quota of 30 a day");
        Assert.True(completed.Success, printed);
        var days = int.Parse(completed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(days, 10, 40);
        Assert.True(int.Parse(completed.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture) <= 30 * days + days, printed);

        // Nothing before the account was read whole; then reminders, as far as the quota lets them be re-read.
        var firstDate = outcomes.Min(o => o.Day);
        Assert.True((firstDate.DayNumber - DateOnly.FromDateTime(DateTime.UtcNow).DayNumber) >= days - 2, $"a reminder decided on day {firstDate} on part of the account");
        var sent = outcomes.Where(o => o.Outcome.Kind == OutcomeKind.Sent).ToList();
        Assert.NotEmpty(sent);
        Assert.Contains(outcomes, o => o.Outcome.Kind == OutcomeKind.Postponed && o.Outcome.Detail.Contains("quota ran out", StringComparison.Ordinal));

        // A quota met while writing a note after a grouped e-mail leaves every invoice of the group recorded as sent.
        var ledger = new Relance.Ledger.SqliteDunningLedger(Microsoft.Extensions.Options.Options.Create(new Relance.Ledger.LedgerOptions { ConnectionString = $"Data Source={Path.Combine(dir.Path, "relance-ledger.db")}" }));
        var actions = await ledger.GetActionsAsync("grande-axonaut", null, CancellationToken.None);
        Assert.DoesNotContain(actions, a => a.State is Relance.Ledger.ActionState.Claimed or Relance.Ledger.ActionState.Unsure);
        Assert.Equal(sent.Count, actions.Count(a => a.State == Relance.Ledger.ActionState.Sent));
        Assert.Equal(LedgerExpectations.SentMessageIds(actions).Order(), Directory.GetFiles(Path.Combine(dir.Path, "outbox"), "*.eml").Select(Path.GetFileNameWithoutExtension).Order());
    }

    [Fact]
    public async Task A_demo_folder_of_another_scenario_is_refused_with_what_to_do()
    {
        using var dir = new TempDirectory();
        await RunDemoAsync(dir.Path, days: 1);

        var ex = await Assert.ThrowsAsync<DemoFolderException>(() => RunDemoAsync(dir.Path, days: 1, DemoScenario.Quota));

        Assert.Contains("holds the 'standard' scenario", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--reset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_verbs_run_on_the_demo_state_across_its_connections_with_one_line_per_row_when_piped()
    {
        using var dir = new TempDirectory();
        var (outcomes, printed) = await RunDemoAsync(dir.Path, days: 20);
        var asOf = System.Text.RegularExpressions.Regex.Match(printed, @"plan --as-of (\d{4}-\d{2}-\d{2})").Groups[1].Value;
        var none = new Dictionary<string, string?>();
        Assert.Contains($"RELANCE_SETTINGS={Path.Combine(Path.GetFullPath(dir.Path), "appsettings.json")}", printed, StringComparison.Ordinal);

        // No --connection: every connection of the demo, as an admin of several companies expects.
        var (exit, table, errors) = await RelanceProcess.RunApartAsync(dir.Path, none, "plan", "--as-of", asOf, "--days", "30");
        var (jsonExit, json, _) = await RelanceProcess.RunApartAsync(dir.Path, none, "plan", "--as-of", asOf, "--days", "30", "--format", "json");
        var (csvExit, csv, _) = await RelanceProcess.RunApartAsync(dir.Path, none, "plan", "--as-of", asOf, "--days", "30", "--format", "csv", "--csv-culture", "fr");

        Assert.True(exit == 0, table + errors);
        Assert.Equal(0, jsonExit);
        Assert.Equal(0, csvExit);
        using var rows = System.Text.Json.JsonDocument.Parse(json);
        var planned = rows.RootElement.EnumerateArray().Select(r => (Connection: r.GetProperty("connection").GetString()!, Invoice: r.GetProperty("invoice").GetString()!)).ToList();
        Assert.Equal(["acme-pennylane", "atelier-axonaut", "bistrot-pennylane", "thistle-quickbooks"], planned.Select(p => p.Connection).Distinct().Order());
        Assert.True(planned.Count > 40, $"{planned.Count} rows planned");

        // Piped, a row is one line however long its reason: the header, then the rows in order, then the summaries.
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Connection", lines[0], StringComparison.Ordinal);
        var tableRows = lines.Skip(1).Take(planned.Count).ToList();
        Assert.All(tableRows.Zip(planned), pair => Assert.Matches($"^{pair.Second.Connection} +\\d{{4}}-\\d{{2}}-\\d{{2}} +{System.Text.RegularExpressions.Regex.Escape(pair.Second.Invoice)} ", pair.First));
        Assert.StartsWith("acme-pennylane: ", lines[planned.Count + 1], StringComparison.Ordinal);
        Assert.DoesNotContain("│", table, StringComparison.Ordinal);

        // A French spreadsheet: semicolons, one line per row plus the header (the reader of a pipe eats the BOM).
        Assert.StartsWith("connection;date;invoice;", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(planned.Count + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotEmpty(outcomes);
    }

    private static async Task<(IReadOnlyList<(DateOnly Day, DunningOutcome Outcome)> Outcomes, string Printed)> RunDemoAsync(string directory, int days, DemoScenario scenario = DemoScenario.Standard)
    {
        using var printed = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(printed), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 4096;
        var outcomes = await DemoRunner.RunCoreAsync(new DemoOptions(directory, days, Reset: false, scenario), console, CancellationToken.None);
        return (outcomes, printed.ToString());
    }

    private static int NotesDue(IReadOnlyList<(DateOnly Day, DunningOutcome Outcome)> outcomes) =>
        outcomes.Count(o => o.Outcome.Kind is OutcomeKind.Sent or OutcomeKind.TaskOpened);

    private static int NotesPrinted(string printed)
    {
        var match = System.Text.RegularExpressions.Regex.Match(printed, @"(\d+) notes written back");
        Assert.True(match.Success, printed);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
