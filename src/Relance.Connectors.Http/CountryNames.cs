namespace Relance.Connectors.Http;

/// <summary>
/// Platforms that store the country as free text (Axonaut in French, QuickBooks as users type it): the usual
/// spellings to ISO 3166-1 alpha-2; a two-letter code passes through; anything else is unknown.
/// </summary>
public static class CountryNames
{
    public static string? ToIso(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "FRANCE" => "FR",
        "BELGIQUE" or "BELGIUM" => "BE",
        "SUISSE" or "SWITZERLAND" => "CH",
        "LUXEMBOURG" => "LU",
        "ALLEMAGNE" or "GERMANY" => "DE",
        "UK" or "U.K." or "GBR" or "ROYAUME-UNI" or "UNITED KINGDOM" or "GREAT BRITAIN" or "ENGLAND" or "SCOTLAND" or "WALES" or "NORTHERN IRELAND" => "GB",
        "IRL" or "IRELAND" or "EIRE" or "REPUBLIC OF IRELAND" => "IE",
        "USA" or "U.S." or "U.S.A." or "UNITED STATES" or "UNITED STATES OF AMERICA" => "US",
        "CANADA" => "CA",
        "AUSTRALIA" => "AU",
        var code when code.Length == 2 && code.All(char.IsAsciiLetterUpper) => code,
        _ => null,
    };
}
