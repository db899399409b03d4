using Relance.Connector.Host.Cli;
using Relance.Connector.Host.Cli;
using Relance.Engine.Dunning;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

/// <summary>Records a hostile or broken platform sends: each is refused with its field, the others go on.</summary>
[Trait("Suite", "Hostile")]
public sealed class HostileRecordTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Hostile_invoices_and_customers_are_skipped_by_name_and_field_and_the_rest_is_chased()
    {
        await using var road = await Road.OneInvoiceAsync(Morning, dueDaysAgo: 2);
        var store = road.Pennylane.Store;
        var today = DateOnly.FromDateTime(Morning.UtcDateTime);
        store.AddCustomer(new SimCustomer { Id = 602, Name = new string('A', 4000), Emails = ["long@x.example"] }, Morning.AddDays(-100));
        store.AddCustomer(new SimCustomer { Id = 603, Name = "Injected", Emails = ["a@x.example\r\nBcc: victim@y.example"] }, Morning.AddDays(-100));
        var hostile = new (long Id, string Number, long Customer, string Currency, DateOnly Deadline, decimal Total)[]
        {
            (8001, "F-8001", 601, "<script>alert(1)</script>", today.AddDays(-5), 100m),
            (8002, "F-8002", 601, "EUR", new DateOnly(9999, 12, 31), 100m),
            (8003, "F-8003\r\nBcc: victim@y.example", 601, "EUR", today.AddDays(-5), 100m),
            (8004, "F-8004", 601, "EUR", today.AddDays(-5), 79228162514264337593543950335m),
            (8005, "F-8005", 601, "[red]EUR[/]", today.AddDays(-5), 100m),
        };
        foreach (var (id, number, customer, currency, deadline, total) in hostile)
        {
            store.AddInvoice(new SimInvoice { Id = id, Number = number, CustomerId = customer, Date = today.AddDays(-40), Deadline = deadline, Currency = currency, Total = total, Remaining = total }, Morning.AddDays(-40));
        }

        store.AddInvoice(new SimInvoice { Id = 8006, Number = "F-8006", CustomerId = 602, Date = today.AddDays(-40), Deadline = today.AddDays(-5), Total = 50m, Remaining = 50m }, Morning.AddDays(-40));
        store.AddInvoice(new SimInvoice { Id = 8007, Number = "F-8007", CustomerId = 603, Date = today.AddDays(-40), Deadline = today.AddDays(-5), Total = 50m, Remaining = 50m }, Morning.AddDays(-40));
        using var host = await road.StartHostAsync();

        var sync = await host.Sync.RunAsync("acme", CancellationToken.None);
        var dunning = await host.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.Contains(sync.Rejected, r => r.StartsWith("invoice 8001: total: currency", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("invoice 8002: due date: 9999-12-31", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("invoice 8003: number: contains control characters", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("invoice 8004:", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("invoice 8005: total: currency", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("customer 602: name: 4000 characters", StringComparison.Ordinal));
        Assert.Contains(sync.Rejected, r => r.StartsWith("customer 603: billing e-mail", StringComparison.Ordinal));

        // The sound invoice of the account is chased as usual; no mail reaches an injected recipient.
        Assert.Contains(dunning.Outcomes, o => o.InvoiceId == "7001" && o.Kind == OutcomeKind.Sent);
        Assert.DoesNotContain(road.Smtp.Messages, m => m.Bcc.Count > 0 || m.To.Mailboxes.Any(a => a.Address.Contains("victim", StringComparison.Ordinal)));
        var open = (await host.Ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Select(i => i.Invoice.Id).ToList();
        Assert.DoesNotContain(open, id => id.StartsWith("800", StringComparison.Ordinal) && id != "8006" && id != "8007");

        // Every read-only verb still answers on this account.
        Assert.Equal(0, await PlanCommand.PlanAsync(host.Services, ["acme"], null, 14, CliFormat.Csv, CsvCulture.English, CancellationToken.None));
        Assert.Equal(0, await ReportCommand.RunAsync(host.Services, ["acme"], null, "html", CsvCulture.English, road.Directory.File("report.html"), CancellationToken.None));
        Assert.DoesNotContain("<script>", await File.ReadAllTextAsync(road.Directory.File("report.html")), StringComparison.Ordinal);
    }
}
