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
                text.Write(HtmlReport.Render(reports));
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
        Console.Out.WriteLine(CliText.T("ReportTitle", connection, report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var figures = new Listing(("currency", CliText.T("Currency")), ("open", CliText.T("Open")), ("overdue", CliText.T("Overdue")), ("unpaid_rate", CliText.T("UnpaidRate")), ("invoiced_90", CliText.T("Invoiced90")), ("dso", CliText.T("Dso")));
        foreach (var c in report.Currencies)
        {
            figures.Add(culture, c.Currency, new Money(c.Open, c.Currency), new Money(c.Overdue, c.Currency), c.UnpaidRatePercent is { } u ? string.Create(culture, $"{u:0.0} %") : "—", new Money(c.InvoicedLast90Days, c.Currency), Dso(c, culture));
        }

        figures.Write(CliFormat.Table, CsvCulture.English);
        Console.Out.WriteLine($"{CliText.T("DsoFormula")}; {CliText.T("UnpaidRateFormula")}.");
        if (report.Currencies.Count == 0)
        {
            Console.Out.WriteLine(CliText.T("NoInvoiceYet"));
            return;
        }
        var aging = new Listing(("aging", CliText.T("Aging")), ("invoices", CliText.T("Invoices")), ("amount", CliText.T("Amount")));
        foreach (var b in report.Aging)
        {
            aging.Add(culture, b.Bucket == "not due" ? CliText.T("NotDue") : b.Bucket, b.Count, new Money(b.Amount, b.Currency));
        }

        Explained(aging, CliText.T("NoAging"));
        var late = new Listing(("customer", CliText.T("TopLatePayers")), ("overdue", CliText.T("Overdue")), ("invoices", CliText.T("Invoices")));
        foreach (var p in report.TopLatePayers)
        {
            late.Add(culture, p.Customer, new Money(p.Overdue, p.Currency), p.OverdueInvoices);
        }

        Explained(late, CliText.T("NoLate"));
        Console.Out.WriteLine(CliText.T("Chronic", CliText.T("LateRule"), report.ChronicLatePayers.Count == 0 ? CliText.T("None") : string.Join(", ", report.ChronicLatePayers.Select(c => $"{c.Customer} ({c.LateInvoices}/{c.OfLast})"))));
        var steps = new Listing(("step", CliText.T("Step")), ("reminded", CliText.T("Reminded")), ("paid_since", CliText.T("PaidSince")), ("share", CliText.T("Share")));
        foreach (var s in report.Steps)
        {
            steps.Add(culture, s.Step, s.Reminded, s.PaidSince, string.Create(culture, $"{s.PaidSharePercent:0.0} %"));
        }

        Explained(steps, CliText.T("NoSteps"));
        var slow = new Listing(("customer", CliText.T("SlowestPayers")), ("paid", CliText.T("Paid")), ("late", CliText.T("PaidLate")), ("average", CliText.T("AverageDaysLate")));
        foreach (var p in report.SlowestPayers)
        {
            slow.Add(culture, p.Customer, p.PaidInvoices, p.PaidLate, p.AverageDaysLate.ToString("0.0", culture));
        }

        Explained(slow, CliText.T("NoSlow"));
        Console.Out.WriteLine($"{CliText.T("DaysLateRule")}.");
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
