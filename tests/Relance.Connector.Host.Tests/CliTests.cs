using Relance.Connector.Host.Cli;

namespace Relance.Connector.Host.Tests;

public sealed class CliTests
{
    [Theory]
    [InlineData("demo", "--days", "abc")]
    [InlineData("demo", "--days", "0")]
    [InlineData("frobnicate")]
    [InlineData("connectors", "check", "--connection")]
    [InlineData("plan", "--format", "xml")]
    [InlineData("plan", "--as-of", "31/12/2026")]
    [InlineData("preview")]
    [InlineData("promise", "--invoice", "7001")]
    [InlineData("approve")]
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
    [InlineData("plan", "--days", "30", "--as-of", "2026-12-01", "--format", "csv")]
    [InlineData("preview", "--invoice", "7001", "--lang", "en", "--out", "x.pdf")]
    [InlineData("promise", "--invoice", "7001", "--until", "2026-12-31")]
    [InlineData("pause", "--customer", "601")]
    [InlineData("approve", "abc")]
    [InlineData("history", "--invoice", "7001")]
    public void Known_verbs_parse(params string[] args)
    {
        Assert.Empty(RelanceCli.Create().Parse(args).Errors);
    }
}
