using System.CommandLine;
using System.Globalization;
using Relance.Engine.Configuration;

namespace Relance.Connector.Host.Cli;

/// <summary>Options shared by the listing verbs, and how a connection's people write amounts and times.</summary>
internal static class CliOptions
{
    public static Option<CliFormat> Format() => new("--format")
    {
        Description = "table (for people; one plain line per row when piped), json or csv.",
        DefaultValueFactory = _ => CliFormat.Table,
        CustomParser = r => r.Tokens.Count == 0 ? CliFormat.Table : r.Tokens[0].Value.ToLowerInvariant() switch
        {
            "table" => CliFormat.Table,
            "json" => CliFormat.Json,
            "csv" => CliFormat.Csv,
            var other => Refuse(r, $"--format '{other}': write table, json or csv.", CliFormat.Table),
        },
    };

    public static Option<CsvCulture> CsvCulture() => new("--csv-culture")
    {
        Description = "With --format csv: en (comma, decimal point; for scripts, default) or fr (semicolon, decimal comma, UTF-8 BOM: French Excel opens it as columns).",
        DefaultValueFactory = _ => Cli.CsvCulture.English,
        CustomParser = r => r.Tokens.Count == 0 ? Cli.CsvCulture.English : r.Tokens[0].Value.ToLowerInvariant() switch
        {
            "en" or "invariant" => Cli.CsvCulture.English,
            "fr" or "fr-fr" => Cli.CsvCulture.French,
            var other => Refuse(r, $"--csv-culture '{other}': write en or fr.", Cli.CsvCulture.English),
        },
    };

    /// <summary>The culture amounts are written in and the time zone times are shown in, for one connection.</summary>
    public static (CultureInfo Culture, TimeZoneInfo Zone) Locale(ConnectionOptions connection) =>
        (connection.FormatCulture, connection.Zone);

    private static T Refuse<T>(System.CommandLine.Parsing.ArgumentResult result, string message, T fallback)
    {
        result.AddError(message);
        return fallback;
    }
}
