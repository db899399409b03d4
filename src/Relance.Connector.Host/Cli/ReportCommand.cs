using System.Globalization;
using System.Text.Json;
using Relance.Connectors;
using Relance.Engine.Connections;
using Relance.Engine.Reporting;
using Relance.Ledger;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary><c>report</c>: the receivables figures of each connection, for the terminal, a spreadsheet (csv), another tool (json) or mail (html).</summary>
internal static class ReportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> connections, DateOnly? asOf, string format, CsvCulture csvCulture, string? output, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<IDunningLedger>();
        var reports = new List<(string Name, ReceivablesReport Report, CultureInfo Culture)>();
        foreach (var name in connections)
        {
            var connection = await services.GetRequiredService<ConnectionFactory>().CreateAsync(name, cancellationToken);
            var day = asOf ?? services.GetRequiredService<RelanceClock>().Today(connection.TimeZone);
            var report = ReportBuilder.Build(
                await ledger.GetInvoiceHistoryAsync(name, cancellationToken),
                await ledger.GetActionsAsync(name, null, cancellationToken),
                day,
                connection.TimeZone,
                stepOrder: [.. connection.Policy.Steps.OrderBy(s => s.OffsetDays).Select(s => s.Name)]);
            reports.Add((name, report, connection.Options.FormatCulture));
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        switch (format)
        {
            case "json":
                text.Write(JsonSerializer.Serialize(
                    new
                    {
                        formulas = new { dso = ReceivablesReport.DsoFormula, unpaid_rate = ReceivablesReport.UnpaidRateFormula, late = ReceivablesReport.LateRule },
                        connections = reports.Select(r => new { connection = r.Name, report = r.Report }),
                    },
                    Json));
                break;
            case "csv":
                Csv(reports).Write(CliFormat.Csv, csvCulture, output is null ? null : text);
                break;
            case "html":
                text.Write(HtmlReport.Render(reports.Select(r => (r.Name, r.Report)).ToList()));
                break;
            default:
                foreach (var (name, report, culture) in reports)
                {
                    Print(report, name, culture);
                }

                return 0;
        }

        if (output is not null)
        {
            // A French CSV keeps its byte order mark in a file too: that is what Excel reads the encoding from.
            var bom = format == "csv" && csvCulture == CsvCulture.French;
            await File.WriteAllTextAsync(output, text.ToString(), new System.Text.UTF8Encoding(bom), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Report written to {Path.GetFullPath(output)}.");
        }
        else if (format != "csv")
        {
            Console.Out.Write(text.ToString());
        }

        return 0;
    }

    private static void Print(ReceivablesReport report, string connection, CultureInfo culture)
    {
        Console.Out.WriteLine($"Receivables of '{connection}' on {report.AsOf:yyyy-MM-dd}");
        var figures = new Listing(("currency", "Currency"), ("open", "Open"), ("overdue", "Overdue"), ("unpaid_rate", "Unpaid rate"), ("invoiced_90", "Invoiced (90 d)"), ("dso", "DSO (days)"));
        foreach (var c in report.Currencies)
        {
            figures.Add(culture, c.Currency, new Money(c.Open, c.Currency), new Money(c.Overdue, c.Currency), c.UnpaidRatePercent is { } u ? string.Create(culture, $"{u:0.0} %") : "—", new Money(c.InvoicedLast90Days, c.Currency), Dso(c, culture));
        }

        figures.Write(CliFormat.Table, CsvCulture.English);
        Console.Out.WriteLine($"{ReceivablesReport.DsoFormula}; {ReceivablesReport.UnpaidRateFormula}.");
        if (report.Currencies.Count == 0)
        {
            Console.Out.WriteLine("No invoice in the ledger yet: run `relance sync`.");
            return;
        }
        var aging = new Listing(("aging", "Aging"), ("invoices", "Invoices"), ("amount", "Amount"));
        foreach (var b in report.Aging)
        {
            aging.Add(culture, b.Bucket, b.Count, new Money(b.Amount, b.Currency));
        }

        Explained(aging, "No open invoice: nothing to age.");
        var late = new Listing(("customer", "Top late payers"), ("overdue", "Overdue"), ("invoices", "Invoices"));
        foreach (var p in report.TopLatePayers)
        {
            late.Add(culture, p.Customer, new Money(p.Overdue, p.Currency), p.OverdueInvoices);
        }

        Explained(late, "No open invoice is past its due date.");
        Console.Out.WriteLine($"Chronic late payers (late on at least 3 of their last 5 invoices; {ReceivablesReport.LateRule}): {(report.ChronicLatePayers.Count == 0 ? "none" : string.Join(", ", report.ChronicLatePayers.Select(c => $"{c.Customer} ({c.LateInvoices}/{c.OfLast})")))}");
        var steps = new Listing(("step", "Step"), ("reminded", "Invoices reminded"), ("paid_since", "Paid since"), ("share", "Share"));
        foreach (var s in report.Steps)
        {
            steps.Add(culture, s.Step, s.Reminded, s.PaidSince, string.Create(culture, $"{s.PaidSharePercent:0.0} %"));
        }

        Explained(steps, "No reminder sent yet, so no step to measure.");
        var slow = new Listing(("customer", "Slowest payers (paid invoices)"), ("paid", "Paid"), ("late", "Paid late"), ("average", "Average days late"));
        foreach (var p in report.SlowestPayers)
        {
            slow.Add(culture, p.Customer, p.PaidInvoices, p.PaidLate, p.AverageDaysLate.ToString("0.0", culture));
        }

        Explained(slow, "No paid invoice with a known payment date paid late (the paid history is read once, after the first full sync).");
        Console.Out.WriteLine($"{ReceivablesReport.DaysLateRule}.");
    }

    // An empty table says why it is empty rather than printing a header alone.
    private static void Explained(Listing listing, string whyEmpty)
    {
        if (listing.Count == 0)
        {
            Console.Out.WriteLine(whyEmpty);
            return;
        }

        listing.Write(CliFormat.Table, CsvCulture.English);
    }

    private static string Dso(CurrencyFigures figures, CultureInfo culture) =>
        figures.DsoDays is not { } days ? "—" : (figures.DsoAtLeast ? "≥ " : "") + days.ToString("0.0", culture);

    // One table a spreadsheet opens as columns: a row per figure, the connection first.
    private static Listing Csv(IEnumerable<(string Name, ReceivablesReport Report, CultureInfo Culture)> reports)
    {
        var csv = new Listing(("connection", "Connection"), ("section", "Section"), ("key", "Key"), ("currency", "Currency"), ("count", "Count"), ("amount", "Amount"), ("value", "Value"));
        foreach (var (name, report, culture) in reports)
        {
            foreach (var c in report.Currencies)
            {
                csv.Add(culture, name, "figures", "open", c.Currency, null, c.Open, null);
                csv.Add(culture, name, "figures", "overdue", c.Currency, null, c.Overdue, null);
                csv.Add(culture, name, "figures", c.DsoAtLeast ? "dso_days_at_least" : "dso_days", c.Currency, null, null, c.DsoDays);
                csv.Add(culture, name, "figures", "unpaid_rate_percent", c.Currency, null, null, c.UnpaidRatePercent);
            }

            foreach (var b in report.Aging)
            {
                csv.Add(culture, name, "aging", b.Bucket, b.Currency, b.Count, b.Amount, null);
            }

            foreach (var p in report.TopLatePayers)
            {
                csv.Add(culture, name, "late_payer", p.Customer, p.Currency, p.OverdueInvoices, p.Overdue, null);
            }

            foreach (var s in report.Steps)
            {
                csv.Add(culture, name, "step", s.Step, null, s.Reminded, null, s.PaidSharePercent);
            }

            foreach (var p in report.SlowestPayers)
            {
                csv.Add(culture, name, "average_days_late", p.Customer, null, p.PaidInvoices, null, p.AverageDaysLate);
            }
        }

        return csv;
    }
}
