using Relance.Connector.Host.Cli;

namespace Relance.Connector.Host.Tests;

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
}
