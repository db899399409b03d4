using System.Numerics;
using System.Text.RegularExpressions;

namespace Relance.Engine.Configuration;

/// <summary>
/// Checks of what a formal notice prints about the creditor: a mistyped IBAN in a letter sends the debtor's money
/// nowhere, so its check digits are verified, never assumed.
/// </summary>
public static partial class CompanyChecks
{
    public static IEnumerable<string> Problems(CompanyOptions company, string path)
    {
        ArgumentNullException.ThrowIfNull(company);
        if (company.Iban is { } iban && !IsValidIban(iban))
        {
            yield return $"{path}:Iban: '{Mask(iban)}' is not a valid IBAN (its check digits do not match); copy it again from the bank's statement.";
        }

        if (company.Bic is { } bic && !BicPattern().IsMatch(bic.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()))
        {
            yield return $"{path}:Bic: '{bic}' is not a BIC (8 or 11 letters and digits, like BNPAFRPPXXX).";
        }

        if (company.RegistrationNumber is { } number && Digits(number) is { Length: 9 or 14 } digits && IsFrenchStyle(company) && !Luhn(digits))
        {
            yield return $"{path}:RegistrationNumber: '{number}' is not a valid SIREN/SIRET (its check digit does not match).";
        }
    }

    /// <summary>ISO 13616: move the country and check digits to the end, letters to numbers, the whole mod 97 is 1.</summary>
    public static bool IsValidIban(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 15 or > 34 || !compact.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]))
        {
            return false;
        }

        var rearranged = compact[4..] + compact[..4];
        var numeric = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(numeric, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    /// <summary>The IBAN as printed in a letter: groups of four.</summary>
    public static string FormatIban(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return string.Join(' ', compact.Chunk(4).Select(c => new string(c)));
    }

    private static bool IsFrenchStyle(CompanyOptions company) => company.Country is null || company.Country.Equals("FR", StringComparison.OrdinalIgnoreCase);

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }

    // Only the country and the last four characters: enough to recognise it in a log, not to reuse it.
    private static string Mask(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length <= 6 ? "…" : $"{compact[..2]}…{compact[^4..]}";
    }

    [GeneratedRegex("^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicPattern();
}
