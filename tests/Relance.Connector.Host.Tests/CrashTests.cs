using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;
using Xunit.Abstractions;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// The worker as a child process, killed with SIGKILL at random moments of its runs and started again, then counted
/// from outside: what the SMTP server received, what the platform's notes say, what the ledger reports.
/// <c>RELANCE_CRASH_RESTARTS</c> sets the number of kills (30 by default; 200 for the long mode).
/// </summary>
[Trait("Suite", "Crash")]
public sealed partial class CrashTests(ITestOutputHelper output)
{
    private const int InitialCustomers = 100;

    // New late invoices arrive between restarts, so that later kills still find e-mails to send.
    private const int ArrivingCustomers = 6;

    [Fact]
    public async Task Killed_at_random_moments_the_worker_never_sends_twice_and_loses_nothing()
    {
        var restarts = int.TryParse(Environment.GetEnvironmentVariable("RELANCE_CRASH_RESTARTS"), CultureInfo.InvariantCulture, out var configured) ? configured : 30;
        using var data = new TempDirectory();
        await using var smtp = SmtpTestServer.Start();

        // Real time on both sides: the child process has no fake clock. Every customer has one invoice 1 to 25 days
        // late, so each is due exactly one e-mail step today, whatever the day CI runs.
        var clock = TimeProvider.System;
        if (clock.GetUtcNow().TimeOfDay > new TimeSpan(23, 50, 0))
        {
            // A new day mid-test would make a new step due for some: legitimate second e-mails, counted as duplicates.
            await Task.Delay(TimeSpan.FromDays(1) - clock.GetUtcNow().TimeOfDay + TimeSpan.FromSeconds(5));
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 100_000 }, clock, seed: false);
        var customers = 0;
        void AddCustomers(int count)
        {
            for (var n = 0; n < count; n++)
            {
                var i = ++customers;
                var late = 1 + (i % 25);
                // Recorded now, as an invoice typed in today: the platform's change log shows it to the next sync.
                var at = clock.GetUtcNow();
                pennylane.Store.AddCustomer(new SimCustomer { Id = 1000 + i, Name = $"Client {i} SARL", Emails = [$"c{i}@crash.example"] }, at);
                pennylane.Store.AddInvoice(
                    new SimInvoice { Id = 50000 + i, Number = $"F-{50000 + i}", CustomerId = 1000 + i, Date = today.AddDays(-late - 30), Deadline = today.AddDays(-late), Total = 100m + i, Remaining = 100m + i },
                    at);
            }
        }

        AddCustomers(InitialCustomers);

        var settings = CrashSettings(data, pennylane, smtp);

        var random = new Random(20261204);
        var killedMidRun = 0;
        for (var restart = 0; restart < restarts; restart++)
        {
            if (restart > 0)
            {
                AddCustomers(ArrivingCustomers);
            }

            using var worker = RelanceProcess.Start(data.Path, settings, "run", "--once");

            // The process needs about a second to start; a run of this account lasts a few more.
            await Task.Delay(random.Next(300, 2500));
            if (!worker.HasExited)
            {
                killedMidRun++;
            }

            await worker.KillAsync();
        }

        var (exit, final) = await RelanceProcess.RunAsync(data.Path, settings, "run", "--once");
        Assert.True(exit == 0, final);
        var (_, again) = await RelanceProcess.RunAsync(data.Path, settings, "run", "--once");

        // Counted from the outside.
        var messages = smtp.Messages;
        var perRecipient = messages.SelectMany(m => m.To.Mailboxes.Select(a => a.Address)).GroupBy(a => a, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var duplicates = perRecipient.Values.Sum(n => n - 1);
        var markers = pennylane.Store.Comments.Select(c => Marker().Match(c.Content)).Where(m => m.Success).Select(m => m.Value).ToList();
        var duplicateNotes = markers.Count - markers.Distinct(StringComparer.Ordinal).Count();

        var ledger = new SqliteDunningLedger(Options.Create(new LedgerOptions { ConnectionString = $"Data Source={Path.Combine(data.Path, "data", "relance-ledger.db")}" }));
        var actions = await ledger.GetActionsAsync("acme", null, CancellationToken.None);
        var unsure = actions.Where(a => a.State == ActionState.Unsure).ToList();
        var byInvoice = actions.GroupBy(a => a.InvoiceId).ToDictionary(g => g.Key, g => g.ToList());
        var lost = Enumerable.Range(1, customers)
            .Count(i => !perRecipient.ContainsKey($"c{i}@crash.example") && !(byInvoice.GetValueOrDefault((50000 + i).ToString(CultureInfo.InvariantCulture)) ?? []).Any(a => a.State == ActionState.Unsure));
        var sentWithoutMessage = actions.Count(a => a.State == ActionState.Sent && !messages.Any(m => m.MessageId.Contains(a.Id, StringComparison.Ordinal)));
        var notesMissing = actions.Count(a => a.State == ActionState.Sent && !markers.Contains($"[relance:{a.Id}]"));

        Relance.Connectors.Tests.SuiteCounters.Report("crash", $"restarts {restarts} (killed mid-run {killedMidRun}); e-mails {messages.Count}; duplicates {duplicates}; duplicate notes {duplicateNotes}; lost {lost}; unsure {unsure.Count} (reported)");
        output.WriteLine($"restarts {restarts} (killed mid-run {killedMidRun}); e-mails {messages.Count} to {perRecipient.Count} of {customers} customers; duplicates {duplicates}; lost {lost}; unsure {unsure.Count} (reported by `relance pending`); sent but not received {sentWithoutMessage}; notes {markers.Count}, duplicate notes {duplicateNotes}, notes missing {notesMissing}; actions left claimed {actions.Count(a => a.State == ActionState.Claimed)}");
        Assert.True(killedMidRun >= restarts / 2, $"only {killedMidRun} of {restarts} kills hit a running worker");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, duplicateNotes);
        Assert.Equal(0, lost);
        Assert.Equal(0, sentWithoutMessage);
        Assert.Equal(0, notesMissing);
        Assert.DoesNotContain(actions, a => a.State == ActionState.Claimed);
        Assert.Contains("acme: ", again, StringComparison.Ordinal);
        Assert.Contains(" 0 sent", again, StringComparison.Ordinal);

        // A person settles each unsure send as the mail server's log would tell them; then every customer has had
        // exactly one e-mail, and nothing more goes out.
        foreach (var action in unsure)
        {
            var delivered = messages.Any(m => m.MessageId.Contains(action.Id, StringComparison.Ordinal));
            var (resolved, said) = await RelanceProcess.RunAsync(data.Path, settings, "resolve", action.Id, delivered ? "--sent" : "--not-sent", "--connection", "acme");
            Assert.True(resolved == 0, said);
        }

        var (settled, afterResolve) = await RelanceProcess.RunAsync(data.Path, settings, "run", "--once");
        Assert.True(settled == 0, afterResolve);
        var everyone = smtp.Messages.SelectMany(m => m.To.Mailboxes.Select(a => a.Address)).GroupBy(a => a, StringComparer.OrdinalIgnoreCase).ToList();
        output.WriteLine($"after resolving {unsure.Count} unsure sends: {everyone.Count} of {customers} customers reached, at most {everyone.Max(g => g.Count())} e-mail each");
        Assert.Equal(customers, everyone.Count);
        Assert.All(everyone, g => Assert.Single(g));
    }

    // Any day, any hour: CI runs whenever it runs.
    private static Dictionary<string, string?> CrashSettings(TempDirectory data, PennylaneSimulator pennylane, SmtpTestServer smtp)
    {
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), RelanceTestHost.Smtp(smtp));
        settings["Relance:DataDirectory"] = Path.Combine(data.Path, "data");
        settings["Relance:Connections:acme:Calendar"] = "none";
        settings["Relance:Connections:acme:Weekends"] = "true";
        settings["Relance:Connections:acme:SendingWindow"] = "00:00-23:59";
        settings["Relance:Connections:acme:TimeZone"] = "UTC";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    /// <summary>Customers 1001… each with one invoice (50001…) of 100 EUR ten days late.</summary>
    private static void AddLateInvoices(PennylaneSimulator pennylane, int count, string domain, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var i = 1; i <= count; i++)
        {
            pennylane.Store.AddCustomer(new SimCustomer { Id = 1000 + i, Name = $"Client {i} SARL", Emails = [$"c{i}@{domain}"] }, now);
            pennylane.Store.AddInvoice(new SimInvoice { Id = 50000 + i, Number = $"F-{50000 + i}", CustomerId = 1000 + i, Date = today.AddDays(-40), Deadline = today.AddDays(-10), Total = 100m, Remaining = 100m }, now);
        }
    }

    [GeneratedRegex(@"\[relance:[^\]]+\]")]
    private static partial Regex Marker();

    [Theory]
    [InlineData("run", "--once")]
    [InlineData("run")]
    public async Task Sigterm_during_a_run_ends_it_cleanly_with_nothing_unsure_and_every_note_written(params string[] verb)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory();
        await using var smtp = SmtpTestServer.Start();
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 100_000 }, clock, seed: false);
        AddLateInvoices(pennylane, 300, "term.example", now);

        var settings = CrashSettings(data, pennylane, smtp);

        // The scheduled worker duns every 2 seconds here, so that the stop finds it sending.
        settings["Relance:Connections:acme:DunningCron"] = "0/2 * * * * ?";
        using var worker = RelanceProcess.Start(data.Path, settings, verb);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (smtp.Messages.Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        worker.Terminate();
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        var (exit, printed) = await worker.WaitAsync(TimeSpan.FromSeconds(100));
        stopping.Stop();

        var ledger = new SqliteDunningLedger(Options.Create(new LedgerOptions { ConnectionString = $"Data Source={Path.Combine(data.Path, "data", "relance-ledger.db")}" }));
        var actions = await ledger.GetActionsAsync("acme", null, CancellationToken.None);
        var markers = pennylane.Store.Comments.Select(c => Marker().Match(c.Content).Value).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"stopped in {stopping.ElapsedMilliseconds} ms, exit {exit}; e-mails {smtp.Messages.Count} of 300; actions {actions.Count}; unsure {actions.Count(a => a.State == ActionState.Unsure)}; claimed {actions.Count(a => a.State == ActionState.Claimed)}; sent without note {actions.Count(a => a.State == ActionState.Sent && !markers.Contains($"[relance:{a.Id}]"))}");
        Assert.True(smtp.Messages.Count < 300, "the stop came after the run had finished: nothing was tested");
        Assert.DoesNotContain(actions, a => a.State is ActionState.Unsure or ActionState.Claimed);
        Assert.Equal(smtp.Messages.Count, actions.Count(a => a.State == ActionState.Sent));
        Assert.All(actions.Where(a => a.State == ActionState.Sent), a => Assert.Contains($"[relance:{a.Id}]", markers));
        Assert.DoesNotContain("Unhandled exception", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_mid_sync_ends_it_cleanly_and_the_next_sync_goes_on_from_the_saved_position(string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory();
        await using var smtp = SmtpTestServer.Start();
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();

        // 100 requests / 5 s: 120 pages of 20 take about 6 seconds, long enough to be stopped mid-way.
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 100 }, clock, seed: false);
        AddLateInvoices(pennylane, 2400, "stop.example", now);

        var settings = CrashSettings(data, pennylane, smtp);
        settings["Relance:Connections:acme:Settings:PageSize"] = "20";
        settings["Relance:Connections:acme:Settings:ProgressPages"] = "5";
        settings["Relance:Connections:acme:Settings:RateLimitPermits"] = "100";
        using var sync = RelanceProcess.Start(data.Path, settings, "sync", "--connection", "acme");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (pennylane.Store.Requests.Count(r => r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal)) < 30 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var pagesBeforeStop = pennylane.Store.Requests.Count(r => r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal));
        if (signal == "INT")
        {
            sync.Interrupt();
        }
        else
        {
            sync.Terminate();
        }

        var (exit, printed) = await sync.WaitAsync(TimeSpan.FromSeconds(60));
        var pagesOfFirst = pennylane.Store.Requests.Count(r => r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal));
        var (again, printedAgain) = await RelanceProcess.RunAsync(data.Path, settings, "sync", "--connection", "acme");
        var pagesOfSecond = pennylane.Store.Requests.Count(r => r.PathAndQuery.Contains("/customer_invoices?", StringComparison.Ordinal)) - pagesOfFirst;

        var ledger = new SqliteDunningLedger(Options.Create(new LedgerOptions { ConnectionString = $"Data Source={Path.Combine(data.Path, "data", "relance-ledger.db")}" }));
        var open = await ledger.GetOpenInvoicesAsync("acme", CancellationToken.None);
        Relance.Connectors.Tests.SuiteCounters.Report("stops", $"SIG{signal} mid-sync after {pagesBeforeStop} pages: exit {exit}; the next sync read {pagesOfSecond} more pages; {open.Count} of 2400 invoices held");
        output.WriteLine($"SIG{signal} after {pagesBeforeStop} invoice pages: exit {exit}; first sync read {pagesOfFirst} pages, the next {pagesOfSecond}; {open.Count} open invoices held");
        Assert.True(pagesOfFirst < 120, "the stop came after the sync had finished: nothing was tested");
        Assert.Equal(130, exit);
        Assert.Contains("Stopped on request.", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.True(again == 0, printedAgain);
        Assert.Equal(2400, open.Count);
        Assert.All(open, o => Assert.NotNull(o.Customer));

        // Went on from the last saved position (every 5 pages): together one read of 120 pages (and the last, empty
        // one), plus at most the 5 pages of the unsaved part and the page in flight when the stop came — not the first
        // part's pages all over again.
        Assert.InRange(pagesOfFirst + pagesOfSecond, 120, 121 + 5 + 1);
    }
}
