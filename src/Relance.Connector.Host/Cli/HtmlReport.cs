using System.Globalization;
using System.Net;
using System.Text;
using Relance.Engine.Reporting;

namespace Relance.Connector.Host.Cli;

/// <summary>A self-contained HTML report (inline SVG charts drawn with ScottPlot), for mail or a shared folder.</summary>
internal static class HtmlReport
{
    /// <summary>One document, a section per connection.</summary>
    public static string Render(IReadOnlyList<(string Connection, ReceivablesReport Report, CultureInfo Culture)> reports)
    {
        var html = new StringBuilder();
        var names = string.Join(", ", reports.Select(r => r.Connection));
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="{{CliText.T("Lang")}}"><head><meta charset="utf-8"><title>Relance — {{E(CliText.T("ReportTitle", names, reports.FirstOrDefault().Report?.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}.chart{display:inline-block;margin:1rem 1rem 0 0}.note{color:#666;font-size:.9rem}</style>
            </head><body>

            """);
        foreach (var (connection, report, culture) in reports)
        {
            Section(html, report, connection, culture);
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Section(StringBuilder html, ReceivablesReport report, string connection, CultureInfo culture)
    {
        html.Append(CultureInfo.InvariantCulture, $$"""
            <h1>{{E(CliText.T("ReportTitle", connection, report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}}</h1>
            <table><tr><th>{{E(CliText.T("Currency"))}}</th><th>{{E(CliText.T("Open"))}}</th><th>{{E(CliText.T("Overdue"))}}</th><th>{{E(CliText.T("UnpaidRate"))}}</th><th>{{E(CliText.T("Invoiced90"))}}</th><th>{{E(CliText.T("Dso"))}}</th></tr>
            """);
        foreach (var c in report.Currencies)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Currency)}</td><td>{M(c.Open, c.Currency, culture)}</td><td>{M(c.Overdue, c.Currency, culture)}</td><td>{(c.UnpaidRatePercent is { } u ? u.ToString("0.0", culture) + " %" : "—")}</td><td>{M(c.InvoicedLast90Days, c.Currency, culture)}</td><td>{(c.DsoDays is { } d ? (c.DsoAtLeast ? "≥ " : "") + d.ToString("0.0", culture) : "—")}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><p class=\"note\">{E(CliText.T("DsoFormula"))}; {E(CliText.T("UnpaidRateFormula"))}.</p><h2>{E(CliText.T("Aging"))}</h2>");
        if (report.Aging.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(CliText.T("NoAging"))}</p>");
        }

        foreach (var currency in report.Aging.Select(b => b.Currency).Distinct())
        {
            var buckets = new[] { "not due", "1-30", "31-60", "61-90", ">90" };
            var amounts = buckets.Select(b => (double)(report.Aging.FirstOrDefault(a => a.Currency == currency && a.Bucket == b)?.Amount ?? 0m)).ToArray();
            html.Append("<div class=\"chart\">").Append(Bars(CliText.T("AgingChart", currency), buckets.Select(b => b == "not due" ? CliText.T("NotDue") : b).ToArray(), amounts, "#1f77b4", CliText.T("AmountAxis", currency))).Append("</div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(CliText.T("TopLatePayers"))}</h2>");
        if (report.TopLatePayers.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(CliText.T("NoLate"))}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>{E(CliText.T("Customer"))}</th><th>{E(CliText.T("Currency"))}</th><th>{E(CliText.T("Overdue"))}</th><th>{E(CliText.T("Invoices"))}</th></tr>");
        foreach (var p in report.TopLatePayers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Customer)}</td><td>{E(p.Currency)}</td><td>{M(p.Overdue, p.Currency, culture)}</td><td>{p.OverdueInvoices}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><h2>{E(CliText.T("ChronicTitle"))}</h2><p>")
            .Append(report.ChronicLatePayers.Count == 0 ? E(CliText.T("None")) : string.Join(", ", report.ChronicLatePayers.Select(c => E(CliText.T("ChronicLine", c.Customer, c.LateInvoices, c.OfLast)))))
            .Append(CultureInfo.InvariantCulture, $"</p><h2>{E(CliText.T("StepsTitle"))}</h2>");
        if (report.Steps.Count > 0)
        {
            html.Append("<div class=\"chart\">")
                .Append(Bars(CliText.T("StepsChart"), report.Steps.Select(s => s.Step).ToArray(), report.Steps.Select(s => (double)s.PaidSharePercent).ToArray(), "#2ca02c", CliText.T("ShareAxis")))
                .Append("</div>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(CliText.T("NoSteps"))}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>{E(CliText.T("Step"))}</th><th>{E(CliText.T("Reminded"))}</th><th>{E(CliText.T("PaidSince"))}</th><th>{E(CliText.T("Share"))}</th></tr>");
        foreach (var s in report.Steps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Step)}</td><td>{s.Reminded}</td><td>{s.PaidSince}</td><td>{s.PaidSharePercent:0.0} %</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><h2>{E(CliText.T("SlowestPayers"))}</h2>");
        if (report.SlowestPayers.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(CliText.T("NoSlow"))}</p>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>{E(CliText.T("Customer"))}</th><th>{E(CliText.T("Paid"))}</th><th>{E(CliText.T("PaidLate"))}</th><th>{E(CliText.T("AverageDaysLate"))}</th></tr>");
            foreach (var p in report.SlowestPayers)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Customer)}</td><td>{p.PaidInvoices}</td><td>{p.PaidLate}</td><td>{p.AverageDaysLate:0.0}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(CliText.T("DaysLateRule"))}.</p>\n");
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

    // An amount as the connection's people write it ("1 234,56 €", "£1,234.56").
    private static string M(decimal amount, string currency, CultureInfo culture) => E(Relance.Engine.Dunning.Typography.Money(new Relance.Connectors.Money(amount, currency), culture));
}
