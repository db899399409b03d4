using System.Globalization;
using Relance.Connectors;
using Relance.Domain;

namespace Relance.Engine.Dunning;

/// <summary>
/// What Relance writes back into the platform, in the account's language (the connection's <c>DefaultLanguage</c>:
/// a French account reads French in its comments), the same on the three connectors: step, date, channel,
/// recipients and amount.
/// </summary>
public static class NoteTexts
{
    /// <param name="platform">The platform's name when it sent the message itself, else null (Relance's e-mail).</param>
    /// <param name="groupedWith">How many other invoices went in the same message (0: none).</param>
    public static string ReminderSent(string language, string step, ReminderChannel channel, DateOnly day, IReadOnlyList<string> recipients, string? platform, Money amountDue, int groupedWith)
    {
        var french = IsFrench(language);
        var culture = CultureInfo.GetCultureInfo(french ? "fr-FR" : "en-GB");
        var amount = ReminderComposer.Format(amountDue, culture);
        var to = platform is not null
            ? (french ? $"par l'envoi de {platform}" : $"through {platform}'s own send")
            : string.Join(", ", recipients);
        var how = channel != ReminderChannel.FormalNotice ? "e-mail"
            : french ? "mise en demeure (lettre PDF par e-mail)" : "formal notice (PDF letter by e-mail)";
        var grouped = groupedWith == 0 ? "" : french
            ? string.Create(culture, $", dans un même message avec {groupedWith} autre(s) facture(s)")
            : string.Create(culture, $", in one message with {groupedWith} other invoice(s)");
        return french
            ? string.Create(culture, $"Relance : rappel « {step} » envoyé le {day:dd/MM/yyyy} ({how}) à {to}, reste dû {amount}{grouped}.")
            : string.Create(culture, $"Relance: reminder '{step}' sent on {day:yyyy-MM-dd} ({how}) to {to}, amount due {amount}{grouped}.");
    }

    /// <summary>A hold set by an admin (pause, promise to pay, payment plan).</summary>
    public static string Hold(string language, string reason, DateOnly? until) => IsFrench(language)
        ? $"Relance : relances suspendues — {reason}{(until is { } day ? $" (jusqu'au {day:dd/MM/yyyy})" : "")}."
        : $"Relance: reminders on hold — {reason}{(until is { } d ? $" (until {d:yyyy-MM-dd})" : "")}.";

    private static bool IsFrench(string? language) => language?.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) != true;
}
