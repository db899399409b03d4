using Relance.Connector.Host.Cli;

return await RelanceCli.Create().Parse(args).InvokeAsync();
