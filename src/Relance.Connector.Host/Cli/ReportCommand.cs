using System.Globalization;
using System.Text;
using System.Text.Json;
using Relance.Engine.Connections;
using Relance.Engine.Reporting;
using Relance.Ledger;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary><c>report</c>: the receivables figures, for the terminal, a spreadsheet (csv) or another tool (json).</summary>
internal static class ReportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, string connectionName, DateOnly? asOf, string format, string? output, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<IDunningLedger>();
        var connection = await services.GetRequiredService<ConnectionFactory>().CreateAsync(connectionName, cancellationToken);
        var day = asOf ?? services.GetRequiredService<RelanceClock>().Today(connection.TimeZone);
        var report = ReportBuilder.Build(
            await ledger.GetInvoiceHistoryAsync(connectionName, cancellationToken),
            await ledger.GetActionsAsync(connectionName, null, cancellationToken),
            day,
            connection.TimeZone);

        var text = format switch
        {
            "json" => JsonSerializer.Serialize(new { formulas = new { dso = ReceivablesReport.DsoFormula, unpaid_rate = ReceivablesReport.UnpaidRateFormula, late = ReceivablesReport.LateRule }, report }, Json),
            "csv" => Csv(report),
            "html" => HtmlReport.Render(report, connectionName),
            _ => null,
        };
        if (text is null)
        {
            Print(report, connectionName);
        }
        else if (output is not null)
        {
            await File.WriteAllTextAsync(output, text, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Report written to {Path.GetFullPath(output)}.");
        }
        else
        {
            Console.Out.Write(text);
        }

        return 0;
    }

    private static void Print(ReceivablesReport report, string connection)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]Receivables of '{connection}' on {report.AsOf:yyyy-MM-dd}[/]");
        var figures = new Table().AddColumns("Currency", "Open", "Overdue", "Unpaid rate", "Invoiced (90 d)", "DSO (days)");
        foreach (var c in report.Currencies)
        {
            figures.AddRow(Markup.Escape(c.Currency), N(c.Open), N(c.Overdue), c.UnpaidRatePercent is { } u ? $"{u:0.0} %" : "—", N(c.InvoicedLast90Days), c.DsoDays?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—");
        }

        AnsiConsole.Write(figures);
        AnsiConsole.MarkupLineInterpolated($"[grey]{ReceivablesReport.DsoFormula}; {ReceivablesReport.UnpaidRateFormula}.[/]");
        var aging = new Table().AddColumns("Aging", "Currency", "Invoices", "Amount");
        foreach (var b in report.Aging)
        {
            aging.AddRow(Markup.Escape(b.Bucket), Markup.Escape(b.Currency), b.Count.ToString(CultureInfo.InvariantCulture), N(b.Amount));
        }

        AnsiConsole.Write(aging);
        var late = new Table().AddColumns("Top late payers", "Currency", "Overdue", "Invoices");
        foreach (var p in report.TopLatePayers)
        {
            late.AddRow(Markup.Escape(p.Customer), Markup.Escape(p.Currency), N(p.Overdue), p.OverdueInvoices.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(late);
        AnsiConsole.MarkupLineInterpolated($"Chronic late payers (late on at least 3 of their last 5 invoices; {ReceivablesReport.LateRule}): {(report.ChronicLatePayers.Count == 0 ? "none" : string.Join(", ", report.ChronicLatePayers.Select(c => $"{c.Customer} ({c.LateInvoices}/{c.OfLast})")))}");
        var steps = new Table().AddColumns("Step", "Invoices reminded", "Paid since", "Share");
        foreach (var s in report.Steps)
        {
            steps.AddRow(Markup.Escape(s.Step), s.Reminded.ToString(CultureInfo.InvariantCulture), s.PaidSince.ToString(CultureInfo.InvariantCulture), $"{s.PaidSharePercent:0.0} %");
        }

        AnsiConsole.Write(steps);
    }

    private static string Csv(ReceivablesReport report)
    {
        var csv = new StringBuilder("section,key,currency,count,amount,value\n");
        foreach (var c in report.Currencies)
        {
            csv.Append(CultureInfo.InvariantCulture, $"figures,open,{c.Currency},,{c.Open},\n");
            csv.Append(CultureInfo.InvariantCulture, $"figures,overdue,{c.Currency},,{c.Overdue},\n");
            csv.Append(CultureInfo.InvariantCulture, $"figures,dso_days,{c.Currency},,,{c.DsoDays}\n");
            csv.Append(CultureInfo.InvariantCulture, $"figures,unpaid_rate_percent,{c.Currency},,,{c.UnpaidRatePercent}\n");
        }

        foreach (var b in report.Aging)
        {
            csv.Append(CultureInfo.InvariantCulture, $"aging,{b.Bucket},{b.Currency},{b.Count},{b.Amount},\n");
        }

        foreach (var p in report.TopLatePayers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"late_payer,{CsvCell.Text(p.Customer)},{CsvCell.Text(p.Currency)},{p.OverdueInvoices},{p.Overdue},\n");
        }

        foreach (var s in report.Steps)
        {
            csv.Append(CultureInfo.InvariantCulture, $"step,{s.Step},,{s.Reminded},,{s.PaidSharePercent}\n");
        }

        return csv.ToString();
    }

    private static string N(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
