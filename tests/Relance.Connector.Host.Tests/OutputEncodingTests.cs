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
    public void Csv_cells_from_platform_text_are_quoted_and_never_run_as_formulas(string value, string expected)
    {
        var listing = new Listing(("customer", "Customer"), ("amount", "Amount"));
        listing.Add(System.Globalization.CultureInfo.InvariantCulture, value, -12.5m);
        using var csv = new StringWriter();

        listing.Write(CliFormat.Csv, CsvCulture.English, csv);

        Assert.Equal($"customer,amount\r\n{expected},-12.5\r\n", csv.ToString());
    }

    [Fact]
    public void A_french_csv_separates_with_semicolons_and_writes_decimal_commas()
    {
        var listing = new Listing(("customer", "Customer"), ("due", "Due"), ("paid", "Paid"));
        listing.Add(System.Globalization.CultureInfo.InvariantCulture, "Dupont; Fils", new Relance.Connectors.Money(1234.5m, "EUR"), 10.25m);
        using var csv = new StringWriter();

        listing.Write(CliFormat.Csv, CsvCulture.French, csv);

        Assert.Equal("customer;due;due_currency;paid\r\n\"Dupont; Fils\";1234,50;EUR;10,25\r\n", csv.ToString());
    }

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
