using System.Text.Json;

namespace Relance.Connector.Host.Hosting;

/// <summary>A configuration file that does not parse, said as an admin can act on it: the file, the line, the column.</summary>
internal static class ConfigurationFileError
{
    public static string? Describe(InvalidDataException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.InnerException?.InnerException is not JsonException json)
        {
            return exception.InnerException is FormatException format ? $"{exception.Message} {format.Message}" : null;
        }

        // The reader's positions are zero-based; an editor's are not.
        var where = json.LineNumber is { } line ? $" at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}" : "";
        var what = json.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0];
        return $"{exception.Message.TrimEnd('.')}: not valid JSON{where}: {what} Fix the file and run `relance validate` again.";
    }
}
