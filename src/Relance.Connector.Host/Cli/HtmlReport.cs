using System.Globalization;
using System.Net;
using System.Text;
using Relance.Engine.Reporting;

namespace Relance.Connector.Host.Cli;

/// <summary>A self-contained HTML report (inline SVG charts drawn with ScottPlot), for mail or a shared folder.</summary>
internal static class HtmlReport
{
    /// <summary>One document, a section per connection.</summary>
    public static string Render(IReadOnlyList<(string Connection, ReceivablesReport Report)> reports)
    {
        var html = new StringBuilder();
        var names = string.Join(", ", reports.Select(r => r.Connection));
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Relance — receivables of {{E(names)}} on {{reports.FirstOrDefault().Report?.AsOf:yyyy-MM-dd}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}.chart{display:inline-block;margin:1rem 1rem 0 0}.note{color:#666;font-size:.9rem}</style>
            </head><body>

            """);
        foreach (var (connection, report) in reports)
        {
            Section(html, report, connection);
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Section(StringBuilder html, ReceivablesReport report, string connection)
    {
        html.Append(CultureInfo.InvariantCulture, $$"""
            <h1>Receivables of {{E(connection)}} on {{report.AsOf:yyyy-MM-dd}}</h1>
            <table><tr><th>Currency</th><th>Open</th><th>Overdue</th><th>Unpaid rate</th><th>Invoiced (90 days)</th><th>DSO (days)</th></tr>
            """);
        foreach (var c in report.Currencies)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Currency)}</td><td>{c.Open:N2}</td><td>{c.Overdue:N2}</td><td>{(c.UnpaidRatePercent is { } u ? $"{u:0.0} %" : "—")}</td><td>{c.InvoicedLast90Days:N2}</td><td>{(c.DsoDays is { } d ? (c.DsoAtLeast ? "≥ " : "") + d.ToString("0.0", CultureInfo.InvariantCulture) : "—")}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><p class=\"note\">{E(ReceivablesReport.DsoFormula)}; {E(ReceivablesReport.UnpaidRateFormula)}.</p><h2>Aging</h2>");
        if (report.Aging.Count == 0)
        {
            html.Append("<p>No open invoice: nothing to age.</p>");
        }

        foreach (var currency in report.Aging.Select(b => b.Currency).Distinct())
        {
            var buckets = new[] { "not due", "1-30", "31-60", "61-90", ">90" };
            var amounts = buckets.Select(b => (double)(report.Aging.FirstOrDefault(a => a.Currency == currency && a.Bucket == b)?.Amount ?? 0m)).ToArray();
            html.Append("<div class=\"chart\">").Append(Bars($"Open invoices by days past due ({currency})", buckets, amounts, "#1f77b4", $"Amount due ({currency})")).Append("</div>");
        }

        html.Append("<h2>Top late payers</h2>");
        if (report.TopLatePayers.Count == 0)
        {
            html.Append("<p>No open invoice is past its due date.</p>");
        }

        html.Append("<table><tr><th>Customer</th><th>Currency</th><th>Overdue</th><th>Invoices</th></tr>");
        foreach (var p in report.TopLatePayers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Customer)}</td><td>{E(p.Currency)}</td><td>{p.Overdue:N2}</td><td>{p.OverdueInvoices}</td></tr>");
        }

        html.Append("</table><h2>Chronic late payers</h2><p>")
            .Append(report.ChronicLatePayers.Count == 0 ? "None." : string.Join(", ", report.ChronicLatePayers.Select(c => $"{E(c.Customer)} (late on {c.LateInvoices} of their last {c.OfLast} invoices)")))
            .Append("</p><h2>Effect of each step</h2>");
        if (report.Steps.Count > 0)
        {
            html.Append("<div class=\"chart\">")
                .Append(Bars("Share of reminded invoices paid since (%)", report.Steps.Select(s => s.Step).ToArray(), report.Steps.Select(s => (double)s.PaidSharePercent).ToArray(), "#2ca02c", "% paid since"))
                .Append("</div>");
        }
        else
        {
            html.Append("<p>No reminder sent yet, so no step to measure.</p>");
        }

        html.Append("<table><tr><th>Step</th><th>Invoices reminded</th><th>Paid since</th><th>Share</th></tr>");
        foreach (var s in report.Steps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Step)}</td><td>{s.Reminded}</td><td>{s.PaidSince}</td><td>{s.PaidSharePercent:0.0} %</td></tr>");
        }

        html.Append("</table><h2>Slowest payers (paid invoices)</h2>");
        if (report.SlowestPayers.Count == 0)
        {
            html.Append("<p>No paid invoice with a known payment date paid late (the paid history is read once, after the first full sync).</p>");
        }
        else
        {
            html.Append("<table><tr><th>Customer</th><th>Paid</th><th>Paid late</th><th>Average days late</th></tr>");
            foreach (var p in report.SlowestPayers)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Customer)}</td><td>{p.PaidInvoices}</td><td>{p.PaidLate}</td><td>{p.AverageDaysLate:0.0}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(ReceivablesReport.DaysLateRule)}.</p>\n");
    }

    private static string Bars(string title, string[] labels, double[] values, string color, string valueAxis)
    {
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(values);
        bars.Color = ScottPlot.Color.FromHex(color);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(valueAxis);
        return plot.GetSvgXml(520, 280);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
