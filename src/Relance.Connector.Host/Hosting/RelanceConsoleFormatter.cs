using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Relance.Connectors;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// One line per event with its local time and offset (an operator reading a journal needs both), level and
/// category. The message is made one printable line: values in it can come from a platform or a customer, and a
/// CR/LF there would forge a log line, an escape sequence would drive the terminal. An exception's own lines stay.
/// </summary>
internal sealed class RelanceConsoleFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "relance";

    public RelanceConsoleFormatter()
        : this(TimeProvider.System)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(logEntry.Category);
        textWriter.Write(": ");
        textWriter.WriteLine(PlatformText.OneLine(message));
        if (logEntry.Exception is { } exception)
        {
            foreach (var line in exception.ToString().Split('\n'))
            {
                textWriter.Write("    ");
                textWriter.WriteLine(PlatformText.OneLine(line.TrimEnd('\r')));
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "FAIL",
        LogLevel.Critical => "CRIT",
        _ => "none",
    };
}

/// <summary>The console log of every part of the host, in <see cref="RelanceConsoleFormatter"/>'s shape.</summary>
internal static class RelanceConsoleLogging
{
    /// <param name="json">One JSON object per line (the .NET JSON console formatter, UTC timestamps) for a log collector.</param>
    public static ILoggingBuilder AddRelanceConsole(this ILoggingBuilder logging, bool json = false)
    {
        // Logs go to stderr: verbs print their tables and JSON on stdout, which an admin pipes to a file.
        logging.AddConsole(o =>
        {
            o.FormatterName = json ? ConsoleFormatterNames.Json : RelanceConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<RelanceConsoleFormatter, ConsoleFormatterOptions>();

        // The built-in JSON formatter's options only: AddJsonConsole would also make it the formatter for every log.
        logging.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.IncludeScopes = true;
        });
        return logging;
    }
}
