using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Engine.Dunning;
using Relance.Simulators.Axonaut;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class AxonautEndToEndTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Axonaut_reminders_go_to_the_billing_contact_and_are_logged_on_the_company_timeline()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var smtp = SmtpTestServer.Start();
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 45, ScheduledPaymentShare = 0 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.Merge(RelanceTestHost.AxonautConnection("axo", axonaut), RelanceTestHost.Smtp(smtp)), clock);

        await host.Sync.RunAsync("axo", CancellationToken.None);
        var report = await host.Dunning.RunAsync("axo", CancellationToken.None);

        var sent = report.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(sent.Select(o => o.Customer).Distinct().Count(), smtp.Messages.Count);
        foreach (var outcome in sent)
        {
            var invoice = axonaut.Store.FindInvoice(long.Parse(outcome.InvoiceId, CultureInfo.InvariantCulture))!;
            Assert.True(invoice.Total > 0, "a credit note was chased");
            var company = axonaut.Store.FindCompany(invoice.CompanyId)!;
            var expected = (company.Employees.FirstOrDefault(e => e.IsBillingContact && e.Email is not null) ?? company.Employees.First(e => e.Email is not null)).Email;
            var message = Assert.Single(smtp.Messages, m => m.TextBody?.Contains(invoice.Number, StringComparison.Ordinal) == true);
            Assert.Equal([expected!], message.To.Mailboxes.Select(m => m.Address));
            var logged = Assert.Single(axonaut.Store.Events, e => e.InvoiceIds.Contains(invoice.Id));
            Assert.Equal(2, logged.Nature);
            Assert.Equal(invoice.CompanyId, logged.CompanyId);
        }

        // Companies without any e-mail are reported by invoice, not silently skipped.
        Assert.All(report.Outcomes.Where(o => o.Kind == OutcomeKind.Failed), o => Assert.Contains("no billing e-mail", o.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoice_paid_since_the_last_sync_gets_nothing_after_an_incremental_sync()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 30, ScheduledPaymentShare = 0 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.AxonautConnection("axo", axonaut), clock);
        await host.Sync.RunAsync("axo", CancellationToken.None);
        var open = await host.Ledger.GetOpenInvoicesAsync("axo", CancellationToken.None);
        var target = open.First(o => o.Invoice.DueDate < new DateOnly(2026, 3, 10) && o.Customer?.BillingEmails.Count > 0).Invoice;

        clock.Advance(TimeSpan.FromDays(1));
        axonaut.Store.Pay(long.Parse(target.Id, CultureInfo.InvariantCulture));
        var sync = await host.Sync.RunAsync("axo", CancellationToken.None);
        var report = await host.Dunning.RunAsync("axo", CancellationToken.None);

        Assert.False(sync.FullSnapshot);
        Assert.DoesNotContain(report.Outcomes, o => o.InvoiceId == target.Id);
        Assert.DoesNotContain(await host.Ledger.GetOpenInvoicesAsync("axo", CancellationToken.None), o => o.Invoice.Id == target.Id);
        Assert.Equal(InvoiceStatus.Paid, (await host.Ledger.GetInvoiceAsync("axo", target.Id, CancellationToken.None))!.Invoice.Status);
    }

    [Fact]
    public async Task Axonaut_quota_exhausted_pauses_only_that_connection()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 30, DailyQuota = 3 }, clock);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.Merge(RelanceTestHost.AxonautConnection("axo", axonaut), RelanceTestHost.PennylaneConnection("penny", pennylane)), clock);

        var quota = await Assert.ThrowsAsync<ConnectorException>(() => host.Sync.RunAsync("axo", CancellationToken.None));
        var other = await host.Sync.RunAsync("penny", CancellationToken.None);
        var callsAfterQuota = axonaut.Store.Requests.Count;
        var skippedSync = await host.Sync.RunAsync("axo", CancellationToken.None);
        var skippedDunning = await host.Dunning.RunAsync("axo", CancellationToken.None);

        Assert.Contains("quota", quota.Message, StringComparison.Ordinal);
        Assert.True(other.Invoices > 0);
        Assert.NotNull(skippedSync.PausedUntil);
        Assert.NotNull(skippedDunning.PausedUntil);
        Assert.Equal(callsAfterQuota, axonaut.Store.Requests.Count);
        Assert.Single(axonaut.Store.Requests, r => r.Status == 429);

        // The next morning the quota is back and the connection resumes on its own.
        clock.Advance(TimeSpan.FromDays(1));
        await Assert.ThrowsAnyAsync<ConnectorException>(() => host.Sync.RunAsync("axo", CancellationToken.None));
        Assert.True(axonaut.Store.Requests.Count > callsAfterQuota);
    }
}
