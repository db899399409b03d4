using System.Globalization;
using Relance.Connectors;

namespace Relance.Engine.Dunning;

/// <summary>
/// Amounts and punctuation as each language writes them: "1 234,56 €" with non-breaking spaces in French (and a
/// narrow one before ; ? ! as French typography wants), "£1,234.56" in English. A line never breaks between a number
/// and its currency, nor before a French colon.
/// </summary>
public static class Typography
{
    private const char NoBreakSpace = '\u00A0';
    private const char NarrowNoBreakSpace = '\u202F';

    public static string Money(Money money, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var rounded = Math.Round(money.Amount, 2, MidpointRounding.AwayFromZero);
        var symbol = money.Currency switch { "EUR" => "€", "GBP" => "£", "USD" => "$", _ => null };
        if (culture.TwoLetterISOLanguageName == "fr")
        {
            // Thousands with a narrow no-break space, whatever the platform's ICU data says.
            var digits = rounded.ToString("N2", culture).Replace(' ', NarrowNoBreakSpace).Replace(NoBreakSpace, NarrowNoBreakSpace);
            return $"{digits}{NoBreakSpace}{symbol ?? money.Currency}";
        }

        var number = rounded.ToString("N2", culture);
        return symbol is null ? $"{number}{NoBreakSpace}{money.Currency}" : rounded < 0 ? $"-{symbol}{number.TrimStart('-')}" : $"{symbol}{number}";
    }

    /// <summary>French spacing before high punctuation and %, applied to a rendered French text.</summary>
    public static string French(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace(" :", $"{NoBreakSpace}:", StringComparison.Ordinal)
            .Replace(" ;", $"{NarrowNoBreakSpace};", StringComparison.Ordinal)
            .Replace(" ?", $"{NarrowNoBreakSpace}?", StringComparison.Ordinal)
            .Replace(" !", $"{NarrowNoBreakSpace}!", StringComparison.Ordinal)
            .Replace(" %", $"{NoBreakSpace}%", StringComparison.Ordinal);
    }
}
