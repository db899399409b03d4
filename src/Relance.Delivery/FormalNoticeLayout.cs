namespace Relance.Delivery;

/// <summary>
/// What a formal notice letter places where: the creditor's letterhead top left, the debtor's address where a
/// windowed envelope shows it, place and date, the registered-mail mention and the object line, then the text.
/// </summary>
/// <param name="Title">The PDF's title (its metadata, not printed).</param>
/// <param name="Author">The PDF's author (metadata).</param>
/// <param name="Letterhead">The creditor: name first, then address and registration lines.</param>
/// <param name="Recipient">The debtor: name, contact, address lines.</param>
/// <param name="PlaceAndDate">"Paris, le 4 décembre 2026".</param>
/// <param name="Mention">"Lettre recommandée avec accusé de réception", or null.</param>
/// <param name="Subject">The object line, printed once, in bold.</param>
/// <param name="Body">From the salutation to the signature.</param>
public sealed record FormalNoticeLayout(
    string Title,
    string Author,
    IReadOnlyList<string> Letterhead,
    IReadOnlyList<string> Recipient,
    string PlaceAndDate,
    string? Mention,
    string Subject,
    string Body);
