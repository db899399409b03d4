using Relance.Connector.Host.Hosting;
using Relance.Connector.Host.Cli;
using Relance.Ledger;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Piped or mailed output has no terminal width: Spectre would wrap every line and squeeze tables to 80 columns.
    AnsiConsole.Profile.Width = 4096;
}

var parse = RelanceCli.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors get their own exit code, distinct from "ran and failed" (1).
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    await Console.Error.WriteLineAsync("Run 'relance --help' for usage.");
    return 2;
}

try
{
    return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM during a verb: what was done is kept (each verb commits as it goes); no stack trace.
    await Console.Error.WriteLineAsync("Stopped on request.");
    return 130;
}
catch (Exception ex) when (StorageFull.Describe(ex, RelanceHost.DataDirectory()) is { } message)
{
    // A full disk: which folder, what is safe, what to do — not SQLite's "database or disk is full" and a stack trace.
    await Console.Error.WriteLineAsync(message);
    return 1;
}
catch (InvalidDataException ex) when (ConfigurationFileError.Describe(ex) is { } message)
{
    // A configuration file that does not parse: which file, where, and what — not a stack trace.
    await Console.Error.WriteLineAsync(message);
    return 1;
}
