using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relance.Connector.Host.Cli;
using Relance.Connector.Host.Webhooks;
using Relance.Connectors;
using Relance.Engine.Dunning;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;
using Relance.Testing;
using Spectre.Console;

namespace Relance.Connector.Host.Tests;

public sealed class QuickBooksEndToEndTests
{
    // 09:30 in London on a Tuesday.
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_reminder_goes_to_the_invoice_billing_address_rather_than_the_customer_main_one()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var smtp = SmtpTestServer.Start();
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10, ScheduledPaymentShare = 0 }, clock, seed: false);
        var customer = qbo.Store.AddCustomer(new QbCustomer { Id = "77", DisplayName = "Harbour Supplies Ltd", Email = "hello@harbour.example" }, clock.GetUtcNow().AddDays(-90));
        var invoice = qbo.Store.CreateInvoice(customer.Id, 640m, DateOnly.FromDateTime(Morning.UtcDateTime).AddDays(-3));
        invoice.BillEmail = "accounts.payable@harbour.example";
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        var settings = Settings.Merge(RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh), RelanceTestHost.Smtp(smtp));
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);

        await host.Sync.RunAsync("qbo", CancellationToken.None);
        var report = await host.Dunning.RunAsync("qbo", CancellationToken.None);

        Assert.Single(report.Outcomes, o => o.Kind == OutcomeKind.Sent);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["accounts.payable@harbour.example"], mail.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public async Task British_customers_get_english_reminders_under_uk_law_and_a_note_in_quickbooks()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var smtp = SmtpTestServer.Start();
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 60, ScheduledPaymentShare = 0 }, clock);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.Merge(RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh), RelanceTestHost.Smtp(smtp)), clock);

        await host.Sync.RunAsync("qbo", CancellationToken.None);

        // Reminders already sent to the longest-late customers, so that their final reminder is due now.
        await host.RecordHistoryAsync("qbo", Morning, daysLate: 22, "friendly", "firm");
        var report = await host.Dunning.RunAsync("qbo", CancellationToken.None);

        var sent = report.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).ToList();
        Assert.NotEmpty(sent);
        // Several invoices of one customer go in one e-mail.
        Assert.InRange(smtp.Messages.Count, sent.Select(o => o.Customer).Distinct().Count(), sent.Count);
        Assert.All(sent, o => Assert.Contains(smtp.Messages, m => (m.Subject + m.TextBody).Contains(o.InvoiceNumber, StringComparison.Ordinal)));
        Assert.All(smtp.Messages, m => Assert.DoesNotContain("Relance", m.Subject, StringComparison.Ordinal));
        Assert.All(smtp.Messages, m => Assert.Contains("Kind regards", m.TextBody, StringComparison.Ordinal));
        var links = 0;
        foreach (var outcome in sent)
        {
            var invoice = qbo.Store.FindInvoice(outcome.InvoiceId)!;
            Assert.Contains("Relance:", invoice.PrivateNote, StringComparison.Ordinal);
            var mail = smtp.Messages.First(m => (m.Subject + m.TextBody).Contains(outcome.InvoiceNumber, StringComparison.Ordinal));
            if (invoice.OnlinePayment && !mail.Subject!.Contains("invoices", StringComparison.Ordinal))
            {
                // QuickBooks Payments' pay-online link, read with include=invoiceLink.
                Assert.Contains($"/portal/pay/{invoice.Id}", mail.TextBody, StringComparison.Ordinal);
                links++;
            }
        }

        Assert.True(links > 0, "no single-invoice e-mail with a payment link was checked");

        // UK statutory compensation depends on the debt (£40 / £70 / £100); French law would always say 40.
        var finals = smtp.Messages.Where(m => m.Subject!.StartsWith("Final reminder before formal notice — invoice", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(finals);
        foreach (var final in finals)
        {
            var number = final.Subject!.Split(' ')[^1];
            var invoice = qbo.Store.Invoices.Single(i => i.DocNumber == number);
            var expected = invoice.Balance < 1000m ? "40.00" : invoice.Balance < 10_000m ? "70.00" : "100.00";
            Assert.Equal("GBP", invoice.Currency);
            Assert.Contains($"recovery costs of £{expected}", final.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Voided_and_deleted_invoices_leave_the_open_set_after_an_incremental_sync()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0 }, clock);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh), clock);
        await host.Sync.RunAsync("qbo", CancellationToken.None);
        var open = (await host.Ledger.GetOpenInvoicesAsync("qbo", CancellationToken.None)).Select(o => o.Invoice.Id).ToList();

        clock.Advance(TimeSpan.FromHours(4));
        qbo.Store.Void(open[0]);
        qbo.Store.Delete(open[1]);
        qbo.Store.Pay(open[2], 10m);
        var sync = await host.Sync.RunAsync("qbo", CancellationToken.None);

        Assert.False(sync.FullSnapshot);
        var after = (await host.Ledger.GetOpenInvoicesAsync("qbo", CancellationToken.None)).ToDictionary(o => o.Invoice.Id);
        Assert.DoesNotContain(open[0], after.Keys);
        Assert.DoesNotContain(open[1], after.Keys);
        Assert.Equal(InvoiceStatus.PartiallyPaid, after[open[2]].Invoice.Status);
        Assert.Equal(open.Count - 2, after.Count);
    }

    [Fact]
    public async Task A_revoked_authorisation_alerts_the_admin_once_a_day_and_other_connections_go_on()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var smtp = SmtpTestServer.Start();
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10 }, clock);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions(), clock);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        var settings = Settings.Merge(
            RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh),
            RelanceTestHost.PennylaneConnection("penny", pennylane),
            RelanceTestHost.Smtp(smtp),
            new Dictionary<string, string?> { ["Relance:Alerts:To:0"] = "admin@thistle-oak.example" });
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        qbo.OAuth.RevokeAll();

        var first = await Assert.ThrowsAsync<ConnectorException>(() => host.Sync.RunAsync("qbo", CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30));
        await Assert.ThrowsAsync<ConnectorException>(() => host.Sync.RunAsync("qbo", CancellationToken.None));
        var other = await host.Sync.RunAsync("penny", CancellationToken.None);

        Assert.Contains("relance authorize --connection qbo", first.Message, StringComparison.Ordinal);
        var alert = Assert.Single(smtp.Messages);
        Assert.Equal(["admin@thistle-oak.example"], alert.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("qbo", alert.Subject, StringComparison.Ordinal);
        Assert.Contains("relance authorize --connection qbo", alert.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(refresh, alert.TextBody, StringComparison.Ordinal);
        Assert.True(other.Invoices > 0);

        clock.Advance(TimeSpan.FromDays(1));
        await Assert.ThrowsAsync<ConnectorException>(() => host.Sync.RunAsync("qbo", CancellationToken.None));
        Assert.Equal(2, smtp.Messages.Count);
    }

    [Theory]
    [InlineData("callback")]
    [InlineData("https://example.com/callback")]
    [InlineData("http://10.0.0.5:8123/callback")]
    [InlineData("busy-port")]
    public async Task Authorize_refuses_a_redirect_it_cannot_receive_with_a_message_not_an_exception(string redirect)
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 2 }, clock);
        using var built = RelanceTestHost.Build(dir.Path, RelanceTestHost.QuickBooksConnection("qbo", qbo, refreshToken: null), clock);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });
        console.Profile.Width = 1000;
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var uri = redirect == "busy-port"
            ? new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)busy.LocalEndpoint).Port}/callback")
            : new Uri(redirect, UriKind.RelativeOrAbsolute);

        var code = await AuthorizeCommand.RunAsync(built.Services, "qbo", uri, console, browse: null, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains(redirect == "busy-port" ? "another program uses that port" : "must be an http://localhost or http://127.0.0.1 address", output.ToString().Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_command_receives_the_redirect_on_loopback_and_stores_the_tokens()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 12 }, clock);
        using var built = RelanceTestHost.Build(dir.Path, RelanceTestHost.QuickBooksConnection("qbo", qbo, refreshToken: null), clock);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        using var browser = new HttpClient();

        var code = await AuthorizeCommand.RunAsync(built.Services, "qbo", new Uri("http://127.0.0.1:0/callback"), console, async url => (await browser.GetAsync(url)).EnsureSuccessStatusCode(), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains($"realm {qbo.RealmId} authorised", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"quickbooks-{qbo.RealmId}", await File.ReadAllTextAsync(Path.Combine(dir.Path, "credentials.json")), StringComparison.Ordinal);
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.QuickBooksConnection("qbo", qbo, refreshToken: null), clock);
        var sync = await host.Sync.RunAsync("qbo", CancellationToken.None);
        Assert.True(sync.Invoices > 0);
    }

    [Fact]
    public async Task Webhook_with_a_bad_signature_is_rejected_and_a_good_one_triggers_one_sync()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 12 }, clock);
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        var settings = Settings.Merge(
            RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh),
            new Dictionary<string, string?>
            {
                ["Relance:Connections:qbo:SyncCron"] = "0 0 0 1 1 ? 2099",
                ["Relance:Connections:qbo:DunningCron"] = "0 0 0 1 1 ? 2099",
                ["Relance:Webhooks:Enabled"] = "true",
                ["Relance:Webhooks:Url"] = "http://127.0.0.1:0",
            });
        using var host = await RelanceTestHost.StartAsync(dir.Path, settings, clock, scheduling: true);
        var endpoint = new Uri(host.Services.GetRequiredService<WebhookServer>().Address!, "/webhooks/quickbooks");
        using var http = new HttpClient();
        var change = new QbChange("Invoice", qbo.Store.Invoices[0].Id, "Update", clock.GetUtcNow());
        var cloud = QuickBooksWebhooks.CloudEvents(qbo.RealmId, [change], ["evt-1"]);

        using var forged = await QuickBooksWebhooks.DeliverAsync(http, endpoint, cloud, QuickBooksWebhooks.Sign(cloud, "not-the-verifier"));
        await Task.Delay(300);
        Assert.Equal(401, (int)forged.StatusCode);
        Assert.Null(await host.Ledger.GetCursorAsync("qbo", CancellationToken.None));

        using var genuine = await QuickBooksWebhooks.DeliverAsync(http, endpoint, cloud, QuickBooksWebhooks.Sign(cloud, qbo.Options.WebhookVerifierToken));
        Assert.Equal(200, (int)genuine.StatusCode);
        await WaitUntil(async () => await host.Ledger.GetCursorAsync("qbo", CancellationToken.None) is not null);
        await WaitUntil(() => Task.FromResult(qbo.Store.Requests.Count > 0));
        await Task.Delay(500);
        var afterFirst = qbo.Store.Requests.Count;

        using var again = await QuickBooksWebhooks.DeliverAsync(http, endpoint, cloud, QuickBooksWebhooks.Sign(cloud, qbo.Options.WebhookVerifierToken));
        await Task.Delay(1000);
        Assert.Equal(200, (int)again.StatusCode);
        Assert.Equal(afterFirst, qbo.Store.Requests.Count);

        // The legacy format still works while Intuit migrates.
        var legacy = QuickBooksWebhooks.Legacy(qbo.RealmId, [change with { At = change.At.AddMinutes(1) }]);
        using var old = await QuickBooksWebhooks.DeliverAsync(http, endpoint, legacy, QuickBooksWebhooks.Sign(legacy, qbo.Options.WebhookVerifierToken));
        Assert.Equal(200, (int)old.StatusCode);
        await WaitUntil(() => Task.FromResult(qbo.Store.Requests.Count > afterFirst));
        await host.StopAsync();
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "condition not met within 20 s");
    }

    // 5 000 GBP due 8 January 2026, 2 000 paid 7 February, letter of 9 March: Bank Rate 3.75 % on 31 December 2025
    // + 8 = 11.75 %. 30 days on 5 000 = 48.2877; 30 days on 3 000 = 28.9726; 77.26 in all (57.95 on today's balance).
    [Fact]
    public async Task Interest_after_a_part_payment_runs_on_each_days_balance_from_the_synced_payment()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning.AddDays(-1));
        await using var qbo = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 10, ScheduledPaymentShare = 0 }, clock, seed: false);
        var customer = qbo.Store.AddCustomer(new QbCustomer { Id = "78", DisplayName = "Harbour Supplies Ltd", CompanyName = "Harbour Supplies Ltd", Email = "hello@harbour.example" }, clock.GetUtcNow().AddDays(-90));
        var invoice = qbo.Store.CreateInvoice(customer.Id, 5000m, new DateOnly(2026, 1, 8));
        invoice.Balance = 3000m;
        qbo.Store.SeedPayment(invoice.Id, 2000m, new DateOnly(2026, 2, 7));
        var (_, refresh) = qbo.OAuth.IssueInitialTokens();
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.QuickBooksConnection("qbo", qbo, refresh), clock);

        await host.Sync.RunAsync("qbo", CancellationToken.None);

        var stored = (await host.Ledger.GetInvoiceAsync("qbo", invoice.Id, CancellationToken.None))!;
        Assert.Equal([new InvoicePayment(new DateOnly(2026, 2, 7), 2000m)], stored.Invoice.Payments);
        var connection = await host.Services.GetRequiredService<Relance.Engine.Connections.ConnectionFactory>().CreateAsync("qbo", CancellationToken.None);
        var step = connection.Policy.Steps.Single(s => s.Name == "formal-notice");
        var notice = host.Services.GetRequiredService<ReminderComposer>().Compose(connection, stored.Invoice, stored.Customer, step, new DateOnly(2026, 3, 9));

        Assert.Equal(77.26m, Math.Round(notice.Charges.Interest.Amount, 2));
        Assert.Contains("on £5,000.00", notice.Message.Body, StringComparison.Ordinal);
        Assert.Contains("on £3,000.00", notice.Message.Body, StringComparison.Ordinal);
        Assert.Contains("Interest continues to accrue until payment at £0.97 per day", notice.Message.Body, StringComparison.Ordinal);
        Assert.Contains("within 14 days", notice.Message.Body, StringComparison.Ordinal);
    }
}
