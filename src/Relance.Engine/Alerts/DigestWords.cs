namespace Relance.Engine.Alerts;

/// <summary>The digest's words in the admin's language; {0} is a count unless said otherwise.</summary>
internal sealed record DigestWords(string Culture, string Subject, string Title, string Sent, string AwaitingApproval, string Tasks, string Unsure, string ToFix, string Failed, string More, string Footer, string Inbox)
{
    private static readonly DigestWords French = new(
        "fr-FR",
        "[Relance] Résumé du {0} : {1} point(s) vous attendent",
        "Relance — résumé du {0} ({1})",
        "Envoyé hier : {0} relance(s){1}",
        "En attente de votre approbation : {0}",
        "Tâches ouvertes : {0}",
        "Envois incertains (interrompus entre l'envoi et sa confirmation) : {0}",
        "À corriger par vous (les relances de ces clients attendent) : {0}",
        "Échecs hier : {0}",
        "… et {0} autre(s) : relance pending --connection {1}",
        "Tout le détail : relance pending ; l'historique d'une facture : relance history --invoice <numéro>.",
        "Réponses et rejets reçus hier (relance inbox) : {0}");

    private static readonly DigestWords English = new(
        "en-GB",
        "[Relance] Digest of {0}: {1} item(s) wait for you",
        "Relance — digest of {0} ({1})",
        "Sent yesterday: {0} reminder(s){1}",
        "Waiting for your approval: {0}",
        "Open tasks: {0}",
        "Unsure sends (interrupted between sending and its confirmation): {0}",
        "For you to fix (reminders to these customers wait): {0}",
        "Failed yesterday: {0}",
        "… and {0} more: relance pending --connection {1}",
        "Everything: relance pending; one invoice's history: relance history --invoice <number>.",
        "Replies and bounces received yesterday (relance inbox): {0}");

    public static DigestWords For(string language) => language == "en" ? English : French;
}
