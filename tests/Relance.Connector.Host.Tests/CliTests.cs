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
    [InlineData("plan", "--as-of", "31/13/2026")]
    [InlineData("promise", "--invoice", "7001", "--until", "demain")]
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
    [InlineData("promise", "--invoice", "7001", "--until", "31/12/2026")]
    [InlineData("plan", "--as-of", "1/12/2026")]
    [InlineData("pause", "--customer", "601")]
    [InlineData("approve", "abc")]
    [InlineData("history", "--invoice", "7001")]
    public void Known_verbs_parse(params string[] args)
    {
        Assert.Empty(RelanceCli.Create().Parse(args).Errors);
    }

    [Theory]
    [InlineData("31/12/2026", 2026, 12, 31)]
    [InlineData("2026-12-31", 2026, 12, 31)]
    [InlineData("5/1/2027", 2027, 1, 5)]
    public void A_date_is_read_in_iso_or_day_first(string typed, int year, int month, int day)
    {
        var parse = RelanceCli.Create().Parse(["promise", "--invoice", "7001", "--until", typed]);

        Assert.Empty(parse.Errors);
        Assert.Equal(new DateOnly(year, month, day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), FindUntil(parse));
    }

    [Fact]
    public void A_date_that_is_not_one_is_refused_naming_the_option_and_both_forms_without_a_type_name()
    {
        var parse = RelanceCli.Create().Parse(["promise", "--invoice", "7001", "--until", "15-déc"]);

        var error = Assert.Single(parse.Errors).Message;
        Assert.Equal("--until '15-déc' is not a date: write it 2026-12-15 or 15/12/2026.", error);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    private static string FindUntil(System.CommandLine.ParseResult parse) =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Single(o => o.Option.Name == "--until").GetValueOrDefault<DateOnly>().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
