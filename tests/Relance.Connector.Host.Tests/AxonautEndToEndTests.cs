using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Relance.Connectors;
using Relance.Engine.Dunning;
using Relance.Engine.Sync;
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
    public async Task An_incremental_sync_reads_only_the_companies_the_ledger_lacks_and_all_of_them_once_a_week()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 120, ScheduledPaymentShare = 0 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.AxonautConnection("axo", axonaut), clock);
        await host.Sync.RunAsync("axo", CancellationToken.None);
        var open = await host.Ledger.GetOpenInvoicesAsync("axo", CancellationToken.None);
        var known = open.Select(o => long.Parse(o.Invoice.CustomerId, CultureInfo.InvariantCulture)).ToHashSet();
        var stranger = axonaut.Store.Companies.First(c => !known.Contains(c.Id) && c.Employees.Any(e => e.Email is not null));

        // A payment on a known customer's invoice, and a first invoice for a company the ledger has never seen.
        clock.Advance(TimeSpan.FromDays(1));
        axonaut.Store.Pay(long.Parse(open[0].Invoice.Id, CultureInfo.InvariantCulture), 10m);
        axonaut.Store.AddInvoice(new AxInvoice { Id = 99_001, Number = "FAC-NEW-1", CompanyId = stranger.Id, Date = new DateOnly(2026, 3, 11), DueDate = new DateOnly(2026, 4, 10), Total = 1200m });
        var before = axonaut.Store.Requests.Count;
        var sync = await host.Sync.RunAsync("axo", CancellationToken.None);

        Assert.False(sync.FullSnapshot);
        var companyReads = axonaut.Store.Requests.Skip(before).Where(r => r.PathAndQuery.Contains("/companies", StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();
        Assert.Equal([$"/api/v2/companies/{stranger.Id}"], companyReads);
        Assert.Equal(stranger.Name, (await host.Ledger.GetInvoiceAsync("axo", "99001", CancellationToken.None))!.Customer!.Name);
        Assert.All(await host.Ledger.GetOpenInvoicesAsync("axo", CancellationToken.None), o => Assert.NotNull(o.Customer));

        // A week after the full read, contacts changed without their invoices are read again, from the company list.
        var contact = stranger.Employees.FindIndex(e => e.IsBillingContact && e.Email is not null) is >= 0 and var billing ? billing : stranger.Employees.FindIndex(e => e.Email is not null);
        stranger.Employees[contact] = stranger.Employees[contact] with { Email = "new.billing@stranger.example" };
        clock.Advance(TimeSpan.FromDays(7));
        before = axonaut.Store.Requests.Count;
        await host.Sync.RunAsync("axo", CancellationToken.None);
        Assert.Contains(axonaut.Store.Requests.Skip(before), r => r.PathAndQuery.StartsWith("/api/v2/companies?", StringComparison.Ordinal));
        Assert.Contains("new.billing@stranger.example", (await host.Ledger.GetInvoiceAsync("axo", "99001", CancellationToken.None))!.Customer!.BillingEmails);
    }

    [Fact]
    public async Task Axonaut_quota_exhausted_pauses_only_that_connection()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 30, DailyQuota = 3 }, clock);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 1000 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, Settings.Merge(RelanceTestHost.AxonautConnection("axo", axonaut), RelanceTestHost.PennylaneConnection("penny", pennylane)), clock);

        var stopped = await host.Sync.RunAsync("axo", CancellationToken.None);
        var other = await host.Sync.RunAsync("penny", CancellationToken.None);
        var callsAfterQuota = axonaut.Store.Requests.Count;
        var skippedSync = await host.Sync.RunAsync("axo", CancellationToken.None);
        var skippedDunning = await host.Dunning.RunAsync("axo", CancellationToken.None);

        // The quota ends the day's part of the first full read; what was read is kept.
        Assert.NotNull(stopped.PausedUntil);
        Assert.Equal(new SnapshotPart(1, Completed: false, First: true, Morning), stopped.Part);
        Assert.True(stopped.Invoices > 0);
        Assert.True(other.Invoices > 0);
        Assert.NotNull(skippedSync.PausedUntil);
        Assert.NotNull(skippedDunning.PausedUntil);
        Assert.Equal(callsAfterQuota, axonaut.Store.Requests.Count);
        Assert.Single(axonaut.Store.Requests, r => r.Status == 429);

        // The next morning the quota is back and the connection resumes on its own, from where it stopped.
        clock.Advance(TimeSpan.FromDays(1));
        var next = await host.Sync.RunAsync("axo", CancellationToken.None);
        Assert.Equal(2, next.Part?.Number);
        Assert.True(axonaut.Store.Requests.Count > callsAfterQuota);
    }

    [Fact]
    public async Task First_full_sync_under_a_daily_quota_completes_over_successive_days_without_losing_an_invoice()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(Morning);
        const int quota = 30;

        // Scheduled payments land between the days: the unpaid list shifts under the read, as on a real account.
        await using var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = 3000, DailyQuota = quota, ScheduledPaymentShare = 0.3 }, clock);
        using var host = await RelanceTestHost.StartAsync(dir.Path, RelanceTestHost.AxonautConnection("axo", axonaut), clock);

        var days = 0;
        SyncReport report;
        do
        {
            days++;
            if (days > 1)
            {
                var waiting = await host.Dunning.RunAsync("axo", CancellationToken.None);
                Assert.True(waiting.WaitingForFirstSync, $"day {days}: reminders decided on part of the account");
                Assert.Empty(waiting.Outcomes);
            }

            var before = axonaut.Store.Requests.Count;
            report = await host.Sync.RunAsync("axo", CancellationToken.None);
            Assert.True(axonaut.Store.Requests.Count - before <= quota + 1, $"day {days}: {axonaut.Store.Requests.Count - before} requests");
            clock.Advance(TimeSpan.FromDays(1));
        }
        while (report.Part is { Completed: false } && days < 120);

        Assert.True(report.Part is { Completed: true, First: true }, report.Mode);
        Assert.True(days > 5, $"{days} days: the quota did not bite");

        // Payments made while the last part read companies are the next incremental sync's: it reads from the day the
        // catch-up began. Then the ledger holds exactly the platform's open invoices, each with its company: none lost
        // to a shifted page, none left open after its payment.
        var incremental = await host.Sync.RunAsync("axo", CancellationToken.None);
        Assert.False(incremental.FullSnapshot);
        var expected = axonaut.Store.Invoices.Where(i => i.Total > 0m && i.Outstanding > 0m && i.PaidDate is null).Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).Order().ToList();
        var open = await host.Ledger.GetOpenInvoicesAsync("axo", CancellationToken.None);
        var held = open.Select(o => o.Invoice.Id).Order().ToList();
        Assert.True(expected.SequenceEqual(held), $"missing: {string.Join(", ", expected.Except(held).Take(10))}; extra: {string.Join(", ", held.Except(expected).Take(10))} ({expected.Count} expected, {held.Count} held) after {days} days");
        Assert.All(open, o => Assert.NotNull(o.Customer));
        var requests = axonaut.Store.Requests.Count(r => r.Status == 200);
        Console.WriteLine($"3 000 invoices, quota {quota}/day: first full sync completed in {days} days, {requests} requests, {expected.Count} open invoices.");

        Assert.Null(await PendingSnapshot.ReadAsync(host.Ledger, "axo", CancellationToken.None));
    }
}
