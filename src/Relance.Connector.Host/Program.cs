using Relance.Connector.Host.Cli;

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

return await parse.InvokeAsync();
