using Relance.Connector.Host.Cli;

namespace Relance.Connector.Host.Tests;

[Trait("Suite", "Hostile")]
public sealed class OutputEncodingTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("Dupont, SARL", "\"Dupont, SARL\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("Dupont SARL", "Dupont SARL")]
    public void Csv_cells_from_platform_text_are_quoted_and_never_run_as_formulas(string value, string expected) =>
        Assert.Equal(expected, CsvCell.Text(value));

    [Theory]
    [InlineData("500", "500")]
    [InlineData("500.50", "500.50")]
    [InlineData("500,50", "500.50")]
    [InlineData(" 12,5 ", "12.5")]
    public void An_instalment_amount_is_read_as_typed_with_a_decimal_point_or_comma(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AdminCommands.ParseAmount(text));

    [Theory]
    [InlineData("1,000.50")]
    [InlineData("1.000,50")]
    [InlineData("-5")]
    [InlineData("5e3")]
    [InlineData("cinq")]
    public void An_ambiguous_instalment_amount_is_refused_rather_than_guessed(string text) =>
        Assert.Null(AdminCommands.ParseAmount(text));
}
