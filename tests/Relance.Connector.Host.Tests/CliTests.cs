using Relance.Connector.Host.Cli;

namespace Relance.Connector.Host.Tests;

public sealed class CliTests
{
    [Theory]
    [InlineData("demo", "--days", "abc")]
    [InlineData("demo", "--days", "0")]
    [InlineData("frobnicate")]
    [InlineData("connectors", "check", "--connection")]
    public void Wrong_arguments_are_parse_errors(params string[] args)
    {
        var parse = RelanceCli.Create().Parse(args);

        Assert.NotEmpty(parse.Errors);
    }

    [Theory]
    [InlineData("demo", "--days", "5", "--reset")]
    [InlineData("validate")]
    [InlineData("connectors", "check", "--connection", "acme")]
    [InlineData("run")]
    public void Known_verbs_parse(params string[] args)
    {
        Assert.Empty(RelanceCli.Create().Parse(args).Errors);
    }
}
