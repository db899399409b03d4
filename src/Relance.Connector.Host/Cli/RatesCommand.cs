using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Relance.Domain.Law;
using Relance.Engine.Configuration;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// <c>relance rates</c>: the rate table in force, where it was read from, and what in it is not confirmed — the
/// admin's half-yearly chore (add the new rates, mark them confirmed) starts here.
/// </summary>
internal static class RatesCommand
{
    public static Command Create(Func<IHost> build)
    {
        var format = CliOptions.Format();
        var csvCulture = CliOptions.CsvCulture();
        var command = new Command("rates", "Show the late-payment rate table in force, where its file is, and which rates are not confirmed.") { format, csvCulture };
        command.SetAction((p, _) => Task.FromResult(Print(build, p.GetValue(format), p.GetValue(csvCulture))));
        return command;
    }

    private static int Print(Func<IHost> build, CliFormat format, CsvCulture csvCulture)
    {
        using var host = build();
        RateTable table;
        string origin;
        try
        {
            var options = host.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
            (table, origin) = RateTableLoader.LoadWithOrigin(options.Law.RatesFile);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OptionsValidationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }

        var today = host.Services.GetRequiredService<Relance.Engine.Connections.RelanceClock>().Today(TimeZoneInfo.Local);
        if (format != CliFormat.Table)
        {
            // For a script: every entry of every series, one row each.
            var all = new Listing(("series", "Series"), ("from", "From"), ("percent", "Rate"), ("confirmed", "Confirmed"), ("source", "Source"), ("confirmed_through", "Confirmed through"));
            foreach (var series in Enum.GetValues<RateSeries>())
            {
                var (entries, confirmedThrough, _) = table.Series(series);
                foreach (var rate in entries.OrderBy(r => r.From))
                {
                    all.Add(CultureInfo.InvariantCulture, series.ToString(), rate.From, rate.Percent, rate.Confirmed ? "yes" : "no", rate.Source ?? "", confirmedThrough);
                }
            }

            all.Write(format, csvCulture);
            return 0;
        }

        AnsiConsole.MarkupLineInterpolated($"Rate table: {origin}");
        AnsiConsole.MarkupLine("To update it: edit that file (or set Relance:Law:RatesFile to your own copy), then run `relance rates` again.");
        var unconfirmed = 0;
        foreach (var series in Enum.GetValues<RateSeries>())
        {
            var (rates, through, name) = table.Series(series);
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLineInterpolated($"[bold]{name}[/] — confirmed through {(through is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(not stated)")}{(through < today ? " [yellow](later changes may be missing)[/]" : "")}");
            var grid = new Listing(("from", "From"), ("percent", "Rate"), ("confirmed", "Confirmed"), ("source", "Source"));
            foreach (var rate in rates.OrderBy(r => r.From))
            {
                unconfirmed += rate.Confirmed ? 0 : 1;
                grid.Add(CultureInfo.InvariantCulture, rate.From, string.Create(CultureInfo.InvariantCulture, $"{rate.Percent:0.00} %"), rate.Confirmed ? "yes" : "no", rate.Source ?? "");
            }

            grid.Write(CliFormat.Table, CsvCulture.English);
        }

        // What a letter would state this half-year and last, the figures an accountant checks first.
        AnsiConsole.WriteLine();
        foreach (var halfYear in new[] { HalfYear(today.AddMonths(-6)), HalfYear(today) })
        {
            var (ecb, doubt) = table.Lookup(RateSeries.Ecb, halfYear);
            AnsiConsole.MarkupLineInterpolated($"France, half-year from {halfYear:yyyy-MM-dd}: {(ecb is null ? "no ECB rate" : string.Create(CultureInfo.InvariantCulture, $"ECB {ecb.Percent:0.00} % + 10 = {ecb.Percent + 10m:0.00} %"))}{(doubt is null ? "" : $" — not confirmed: {doubt}")}");
        }

        AnsiConsole.MarkupLineInterpolated($"{unconfirmed} entr{(unconfirmed == 1 ? "y" : "ies")} not confirmed. A formal notice that needs an unconfirmed rate, or a date the table does not cover, waits for approval with the reason (`relance pending`).");
        return 0;
    }

    private static DateOnly HalfYear(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 7, 1);
}
