using System.Globalization;

namespace Relance.Connector.Host.Cli;

/// <summary>One CSV cell from text that may come from a platform (a customer name, an invoice number).</summary>
internal static class CsvCell
{
    /// <summary>
    /// Quoted when it holds a separator, a quote or a line break; a text starting with <c>= + - @</c>, a tab or a
    /// carriage return is prefixed with <c>'</c> so a spreadsheet shows it instead of running it as a formula.
    /// Plain numbers are left as they are.
    /// </summary>
    public static string Text(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
