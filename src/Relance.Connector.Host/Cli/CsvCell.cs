using System.Globalization;

namespace Relance.Connector.Host.Cli;

/// <summary>One CSV cell from text that may come from a platform (a customer name, an invoice number).</summary>
internal static class CsvCell
{
    /// <summary>
    /// A text starting with <c>= + - @</c>, a tab or a carriage return is prefixed with <c>'</c> so a spreadsheet
    /// shows it instead of running it as a formula. Plain numbers are left as they are. Quoting is the CSV writer's.
    /// </summary>
    public static string Guard(string? value)
    {
        value ??= "";
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;
    }
}
