using System.CommandLine.Parsing;
using System.Globalization;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// Dates typed by an admin: ISO (2026-12-15) or day first as French and British people write them (15/12/2026). A
/// value that is neither is refused naming the option and both forms, never with a .NET type name.
/// </summary>
internal static class CliDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy"];

    public static Func<ArgumentResult, DateOnly?> Optional(string option) => result => Parse(result, option);

    public static Func<ArgumentResult, DateOnly> Required(string option) => result => Parse(result, option) ?? default;

    public static DateOnly? TryParse(string text) =>
        DateOnly.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DateOnly? Parse(ArgumentResult result, string option)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (TryParse(text) is { } date)
        {
            return date;
        }

        result.AddError($"{option} '{text}' is not a date: write it 2026-12-15 or 15/12/2026.");
        return null;
    }
}
