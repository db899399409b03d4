using System.Text;
using Relance.Simulators.Axonaut;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;
using Relance.Testing;
using Xunit.Abstractions;

namespace Relance.Connector.Host.Tests;

/// <summary>
/// Distinctive secrets in every credential setting, every verb run as an admin runs it (a child process, logs at
/// Trace), failing ones included; then every byte printed and every file written is searched for them.
/// </summary>
[Trait("Suite", "Hostile")]
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private const string PennylaneToken = "pl-CANARY-token-5b1e0c7d";
    private const string WrongToken = "pl-CANARY-wrong-93ad1f20";
    private const string AxonautKey = "ax-CANARY-key-c4d2e8a1";
    private const string ClientSecret = "qb-CANARY-secret-71fe44b0";
    private const string SmtpPassword = "smtp-CANARY-pw-0a9f3c55";

    [Fact]
    public async Task No_secret_appears_in_any_output_log_ledger_outbox_or_report_of_any_verb_even_failing_ones()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory();
        await using var smtp = SmtpTestServer.Start(plainAuthWithoutTls: true);
        var clock = TimeProvider.System;
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { Tokens = [PennylaneToken], InvoiceCount = 30, RateLimitPermits = 100_000 }, clock);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { ApiKeys = [AxonautKey], InvoiceCount = 20 }, clock);
        await using var quickbooks = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { ClientSecret = ClientSecret, InvoiceCount = 20 }, clock);
        var (_, refresh) = quickbooks.OAuth.IssueInitialTokens();

        var settings = Settings.Merge(
            RelanceTestHost.PennylaneConnection("acme", pennylane),
            RelanceTestHost.PennylaneConnection("revoked", pennylane, WrongToken),
            RelanceTestHost.AxonautConnection("atelier", axonaut),
            RelanceTestHost.QuickBooksConnection("thistle", quickbooks, refresh),
            RelanceTestHost.Smtp(smtp));
        settings["Relance:Delivery:Smtp:Username"] = "relance";
        settings["Relance:Delivery:Smtp:Password"] = SmtpPassword;
        settings["Relance:DataDirectory"] = Path.Combine(data.Path, "data");
        foreach (var connection in new[] { "acme", "revoked", "atelier", "thistle" })
        {
            settings[$"Relance:Connections:{connection}:Calendar"] = "none";
            settings[$"Relance:Connections:{connection}:Weekends"] = "true";
            settings[$"Relance:Connections:{connection}:SendingWindow"] = "00:00-23:59";
        }

        foreach (var category in new[] { "Default", "Microsoft", "System", "System.Net.Http.HttpClient", "Quartz", "Polly" })
        {
            settings[$"Logging:LogLevel:{category}"] = "Trace";
        }

        var printed = new StringBuilder();
        var exits = new List<string>();
        async Task RunAsync(params string[] args)
        {
            var (exit, text) = await RelanceProcess.RunAsync(data.Path, settings, args);
            exits.Add($"{string.Join(' ', args)} → {exit}");
            printed.AppendLine(text);
        }

        await RunAsync("validate");
        await RunAsync("connectors", "check");
        await RunAsync("connectors", "check", "--connection", "revoked");
        await RunAsync("sync");
        await RunAsync("sync", "--connection", "revoked");
        await RunAsync("run", "--once");
        await RunAsync("plan", "--connection", "acme", "--format", "json");
        await RunAsync("pending", "--connection", "thistle");
        await RunAsync("report", "--connection", "atelier", "--format", "html", "--out", Path.Combine(data.Path, "data", "report.html"));
        var invoice = pennylane.Store.Invoices.First(i => !i.Draft && !i.CreditNote && i.Remaining > 0);
        await RunAsync("history", "--connection", "acme", "--invoice", invoice.Number);
        await RunAsync("preview", "--connection", "acme", "--invoice", invoice.Number, "--out", Path.Combine(data.Path, "data", "preview.eml"));
        await RunAsync("authorize", "--connection", "thistle", "--redirect-uri", "http://example.com/not-loopback");

        Assert.True(smtp.Messages.Count > 0, "nothing was sent: the SMTP password was never used");
        Assert.Contains(("relance", SmtpPassword), smtp.Logins);
        Assert.True(quickbooks.OAuth.Refreshes > 0, "QuickBooks tokens were never refreshed");
        Assert.Contains(printed.ToString().Split('\n'), l => l.Contains("revoked", StringComparison.Ordinal) && l.Contains("401", StringComparison.Ordinal));

        // The credential store is where rotated QuickBooks tokens must live (owner-only, tested elsewhere); nothing else.
        var secrets = new[] { PennylaneToken, WrongToken, AxonautKey, ClientSecret, SmtpPassword }.Concat(quickbooks.OAuth.IssuedTokens).ToList();
        var files = Directory.GetFiles(data.Path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("credentials.json", StringComparison.Ordinal)).ToList();
        var leaks = new List<string>();
        var text = printed.ToString();
        leaks.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"printed: {s[..8]}…"));
        foreach (var file in files)
        {
            var content = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            leaks.AddRange(secrets.Where(s => content.Contains(s, StringComparison.Ordinal)).Select(s => $"{Path.GetRelativePath(data.Path, file)}: {s[..8]}…"));
        }

        var emails = smtp.Messages.Select(m => m.ToString()).ToList();
        leaks.AddRange(secrets.Where(s => emails.Any(e => e.Contains(s, StringComparison.Ordinal))).Select(s => $"e-mail: {s[..8]}…"));
        Relance.Connectors.Tests.SuiteCounters.Report("secrets", $"{exits.Count} verbs at Trace, {files.Count} files, {smtp.Messages.Count} e-mails searched for {secrets.Count} secrets; leaks {leaks.Count}");
        output.WriteLine($"{exits.Count} verbs ({string.Join("; ", exits)}); {printed.Length} characters printed; {files.Count} files; {smtp.Messages.Count} e-mails; {secrets.Count} secrets sought; leaks {leaks.Count}");
        Assert.Empty(leaks);
        Assert.True(files.Count >= 3, string.Join(", ", files));

        // Failing verbs fail with a message, never a crash that would print more than it should.
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(exits, e => e.EndsWith("→ 134", StringComparison.Ordinal));
    }
}
