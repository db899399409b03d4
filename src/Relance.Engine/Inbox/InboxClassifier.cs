using System.Text.RegularExpressions;
using MimeKit;

namespace Relance.Engine.Inbox;

/// <summary>
/// Classifies a message of the reply mailbox, conservatively and with its reason: a structured delivery status
/// notification (RFC 3464) is a bounce, RFC 3834 headers or a known out-of-office subject make an automatic reply,
/// anything else from a person is a reply. Pure: no I/O.
/// </summary>
public static partial class InboxClassifier
{
    private static readonly string[] AutoSubjects =
    [
        "automatic reply", "auto reply", "autoreply", "auto-reply", "out of office", "out of the office", "absence",
        "réponse automatique", "reponse automatique", "absent du bureau", "message d'absence", "auto:",
    ];

    public static InboxVerdict Classify(MimeMessage message, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(message);
        var references = References(message);
        if (message.Body is MultipartReport { ReportType: { } type } report && type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return Bounce(report, references);
        }

        if (AutoReason(message) is { } auto)
        {
            return new InboxVerdict(InboxKind.AutoReply, auto, [], null, references, null);
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        if (from.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase) || from.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase))
        {
            return new InboxVerdict(InboxKind.DeliveryNotice, $"from {from} without a delivery-status part: not read as a bounce", [], null, references, null);
        }

        var words = OwnWords(message);
        return new InboxVerdict(InboxKind.Reply, "written by a person (no automatic-reply header)", [], null, references, ReplyHint.Read(words, today));
    }

    /// <summary>The reply's own text, without what it quotes (our reminder's words would otherwise read as its own).</summary>
    public static string OwnWords(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.TextBody ?? (message.HtmlBody is { } html ? Tags().Replace(html, " ") : "");
        var kept = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (QuoteHeader().IsMatch(trimmed))
            {
                break;
            }

            if (!trimmed.StartsWith('>'))
            {
                kept.Add(trimmed);
            }
        }

        return string.Join('\n', kept);
    }

    private static InboxVerdict Bounce(MultipartReport report, IReadOnlyList<string> references)
    {
        var failed = new List<string>();
        string? firstStatus = null;
        var permanent = false;
        var delayed = false;
        foreach (var group in StatusGroups(report).Skip(1))
        {
            var action = group.GetValueOrDefault("action")?.Trim().ToLowerInvariant() ?? "";
            var code = group.GetValueOrDefault("status")?.Trim() ?? "";
            var recipient = Address(group.GetValueOrDefault("final-recipient") ?? group.GetValueOrDefault("original-recipient"));
            if (action == "failed" || code.StartsWith('5'))
            {
                permanent |= code.StartsWith('5') || code.Length == 0;
                failed.AddRange(recipient is null ? [] : [recipient]);
                firstStatus ??= code;
            }
            else if (action == "delayed" || code.StartsWith('4'))
            {
                delayed = true;
                firstStatus ??= code;
            }
        }

        // The returned message (or its headers) carries the Message-Id of what bounced.
        var original = report.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null);
        var ids = original is null ? references : [.. references.Append(original).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (permanent && failed.Count > 0)
        {
            return new InboxVerdict(InboxKind.PermanentBounce, $"delivery status {firstStatus} (permanent) for {string.Join(", ", failed)}", failed, firstStatus, ids, null);
        }

        return delayed
            ? new InboxVerdict(InboxKind.TemporaryBounce, $"delivery status {firstStatus} (delayed, temporary)", [], firstStatus, ids, null)
            : new InboxVerdict(InboxKind.DeliveryNotice, "a delivery report without a failed or delayed recipient", [], firstStatus, ids, null);
    }

    /// <summary>
    /// The report's field groups (per message, then per recipient), names in lower case: from MimeKit's parsed part,
    /// or read from the raw part when it came in another shape.
    /// </summary>
    private static IEnumerable<Dictionary<string, string>> StatusGroups(MultipartReport report)
    {
        if (report.OfType<MessageDeliveryStatus>().FirstOrDefault() is { } parsed)
        {
            return parsed.StatusGroups.Select(g => g.GroupBy(h => h.Field.ToLowerInvariant()).ToDictionary(h => h.Key, h => h.First().Value));
        }

        if (report.OfType<MimePart>().FirstOrDefault(p => p.ContentType.IsMimeType("message", "delivery-status")) is not { Content: { } content })
        {
            return [];
        }

        using var text = new MemoryStream();
        content.DecodeTo(text);
        var groups = new List<Dictionary<string, string>>();
        foreach (var block in System.Text.Encoding.UTF8.GetString(text.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in block.Split('\n'))
            {
                if (line.Split(':', 2) is [var name, var value] && !char.IsWhiteSpace(line[0]))
                {
                    fields.TryAdd(name.Trim().ToLowerInvariant(), value.Trim());
                }
            }

            groups.Add(fields);
        }

        return groups;
    }

    private static string? AutoReason(MimeMessage message)
    {
        var headers = message.Headers;
        if (headers["Auto-Submitted"] is { } submitted && !submitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {submitted.Trim()}";
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Autoresponder" })
        {
            if (headers.Contains(name))
            {
                return $"{name} header";
            }
        }

        if (headers["Precedence"]?.Trim().ToLowerInvariant() is "auto_reply" or "bulk" or "junk" && headers["Precedence"] is { } precedence)
        {
            return $"Precedence: {precedence.Trim()}";
        }

        var subject = (message.Subject ?? "").Trim().ToLowerInvariant();
        return AutoSubjects.FirstOrDefault(s => subject.StartsWith(s, StringComparison.Ordinal) || subject.Contains($" {s}", StringComparison.Ordinal)) is { } known
            ? $"subject \"{message.Subject}\""
            : null;
    }

    private static List<string> References(MimeMessage message) =>
        [.. new[] { message.InReplyTo }.Concat(message.References).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim('<', '>', ' ')).Distinct(StringComparer.OrdinalIgnoreCase)];

    // "rfc822; jane@example.com" → "jane@example.com".
    private static string? Address(string? field) =>
        field?.Split(';', 2) is [_, var address] && address.Trim() is { Length: > 0 } trimmed ? trimmed.Trim('<', '>').ToLowerInvariant() : null;

    [GeneratedRegex(@"^(le .+ a écrit ?:|on .+ wrote ?:|-----\s*(original message|message d'origine)\s*-----|de ?: .+|from: .+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
