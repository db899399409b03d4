using System.Globalization;
using System.Resources;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// What the CLI and the HTML report say, in the admin's language (<c>Relance:Language</c>, else the system's:
/// French to a French admin, English otherwise), from <c>Resources/Cli.resx</c> and its <c>fr</c> translation.
/// </summary>
internal static class CliText
{
    private static readonly ResourceManager Resources = new("Relance.Connector.Host.Resources.Cli", typeof(CliText).Assembly);

    /// <summary>The admin's language for this process; set once the configuration is read.</summary>
    public static CultureInfo Language { get; private set; } = For(null);

    public static void Use(string? language) => Language = For(language);

    public static string T(string key) => Resources.GetString(key, Language) ?? key;

    public static string T(string key, params object?[] args) => string.Format(Language, T(key), args);

    // Unset: the system's language when it is French (LANG=fr_FR.UTF-8), English otherwise.
    private static CultureInfo For(string? language) =>
        (language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) == "fr" ? CultureInfo.GetCultureInfo("fr-FR") : CultureInfo.GetCultureInfo("en-GB");
}
