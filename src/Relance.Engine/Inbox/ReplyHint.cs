using System.Globalization;
using System.Text.RegularExpressions;

namespace Relance.Engine.Inbox;

/// <summary>What a reply's words suggest.</summary>
public enum ReplyHintKind
{
    /// <summary>"Already paid", "transfer made": check the bank before chasing again.</summary>
    PaidClaim,

    /// <summary>"Dispute", "litige": the invoice is contested.</summary>
    Dispute,

    /// <summary>"Will pay on …": a promise, with its date when one is written.</summary>
    Promise,
}

/// <summary>A suggestion read from a reply: its kind, the words that gave it, and a date when one was written.</summary>
public sealed partial record ReplyHint(ReplyHintKind Kind, string Evidence, DateOnly? Date)
{
    // Lower-cased, accents kept and dropped both (mail clients and people write either).
    private static readonly (ReplyHintKind Kind, string[] Phrases)[] Phrases =
    [
        (ReplyHintKind.Dispute, ["litige", "contestation", "contestons", "conteste cette facture", "contester", "désaccord", "desaccord", "dispute", "disputed", "we do not agree", "incorrect invoice"]),
        (ReplyHintKind.PaidClaim, ["déjà réglé", "deja regle", "déjà payé", "deja paye", "virement effectué", "virement effectue", "virement a été effectué", "paiement effectué", "paiement effectue", "avons réglé", "avons payé", "already paid", "has been paid", "have paid", "payment was made", "payment has been made", "transfer was made", "paid yesterday", "paid today"]),
        (ReplyHintKind.Promise, ["nous réglerons", "nous reglerons", "sera réglé", "sera regle", "paiement prévu", "paiement prevu", "réglerons", "will pay", "will be paid", "payment scheduled", "we shall pay"]),
    ];

    /// <summary>The hint of a reply's own words (quoted text left out), or null when none is clear.</summary>
    public static ReplyHint? Read(string ownWords, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(ownWords);
        var text = ownWords.ToLowerInvariant();
        foreach (var (kind, phrases) in Phrases)
        {
            if (phrases.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal)) is { } phrase)
            {
                return new ReplyHint(kind, phrase, kind == ReplyHintKind.Promise ? FirstDate(text, today) : null);
            }
        }

        return null;
    }

    /// <summary>The first date written as dd/mm/yyyy, dd/mm or yyyy-mm-dd, on or after today.</summary>
    private static DateOnly? FirstDate(string text, DateOnly today)
    {
        foreach (Match match in DatePattern().Matches(text))
        {
            var parsed = match.Groups["iso"].Success
                ? DateOnly.TryParseExact(match.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso : (DateOnly?)null
                : Day(match, today);
            if (parsed is { } day && day >= today)
            {
                return day;
            }
        }

        return null;
    }

    private static DateOnly? Day(Match match, DateOnly today)
    {
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : today.Year;
        year = year < 100 ? 2000 + year : year;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var date = new DateOnly(year, month, day);
        return !match.Groups["y"].Success && date < today ? date.AddYears(1) : date;
    }

    [GeneratedRegex(@"(?<iso>\b\d{4}-\d{2}-\d{2}\b)|\b(?<d>\d{1,2})/(?<m>\d{1,2})(?:/(?<y>\d{2,4}))?\b")]
    private static partial Regex DatePattern();
}
