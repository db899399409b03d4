using Relance.Connectors;
using Relance.Domain;
using Relance.Engine.Dunning;

namespace Relance.Engine.Tests;

public sealed class NoteTextsTests
{
    [Fact]
    public void A_reminder_note_states_step_date_channel_recipients_and_amount_in_the_account_language()
    {
        var day = new DateOnly(2026, 3, 10);

        var french = NoteTexts.ReminderSent("fr", "firm", ReminderChannel.Email, day, ["compta@client.fr"], null, new Money(1234.5m, "EUR"), 2);
        var english = NoteTexts.ReminderSent("en", "formal-notice", ReminderChannel.FormalNotice, day, ["ap@client.co.uk"], null, new Money(80m, "GBP"), 0);
        var platform = NoteTexts.ReminderSent("fr", "friendly", ReminderChannel.Platform, day, [], "Pennylane", new Money(10m, "EUR"), 0);

        Assert.Equal("Relance : rappel « firm » envoyé le 10/03/2026 (e-mail) à compta@client.fr, reste dû 1\u202F234,50\u00A0€, dans un même message avec 2 autre(s) facture(s).", french);
        Assert.Equal("Relance: reminder 'formal-notice' sent on 2026-03-10 (formal notice (PDF letter by e-mail)) to ap@client.co.uk, amount due £80.00.", english);
        Assert.Contains("par l'envoi de Pennylane", platform, StringComparison.Ordinal);
    }
}
