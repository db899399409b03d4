using System.Globalization;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Domain;
using Relance.Engine.Alerts;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Ledger;

namespace Relance.Engine.Inbox;

/// <summary>
/// Reads the reply mailbox over IMAP (read-only: nothing is deleted, moved or flagged) and lets what customers say
/// steer the escalation: a reply holds the invoice (or the customer) and tells the admin; a permanent bounce stops
/// e-mails to that address and opens "fix the contact"; automatic replies change nothing. Each message is taken once,
/// across restarts and hosts (its Message-Id, else UIDVALIDITY + UID, is claimed in the ledger), and remembered there
/// without its body.
/// </summary>
public sealed partial class InboxService(
    IOptions<InboxOptions> options,
    IOptionsMonitor<RelanceOptions> relance,
    IDunningLedger ledger,
    NoteOutbox notes,
    AdminAlerts alerts,
    RelanceClock clock,
    ILogger<InboxService> logger,
    ISmtpAccessTokens? tokens = null)
{
    public const string BouncedPrefix = "bounced:";

    // Open invoices by connection, read once per mailbox read (every message is matched against them), not per message.
    private Dictionary<string, IReadOnlyList<StoredInvoice>>? _open;

    /// <summary>Reads what arrived since the last read; returns what was done with each new message.</summary>
    public async Task<IReadOnlyList<InboxRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        var inbox = options.Value;
        if (!inbox.Enabled)
        {
            return [];
        }

        await ledger.InitializeAsync(cancellationToken);
        using var client = new ImapClient { Timeout = inbox.TimeoutSeconds * 1000 };
        await client.ConnectAsync(inbox.Host!, inbox.Port, inbox.Security.ToMailKit(), cancellationToken);
        if (inbox.OAuth2.Enabled)
        {
            var token = tokens is null ? throw new InvalidOperationException("Relance:Inbox:OAuth2 is set but no token source is registered.") : await tokens.GetAsync(inbox.OAuth2, cancellationToken);
            await client.AuthenticateAsync(new SaslMechanismOAuth2(inbox.UserName ?? "", token), cancellationToken);
        }
        else if (!string.IsNullOrEmpty(inbox.UserName))
        {
            await client.AuthenticateAsync(inbox.UserName, inbox.Password ?? "", cancellationToken);
        }

        var folder = await client.GetFolderAsync(inbox.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var stateKey = $"inbox:state:{inbox.UserName}@{inbox.Host}/{inbox.Folder}";
        var (validity, last) = ReadState(await ledger.GetValueAsync(stateKey, cancellationToken), folder.UidValidity);
        var uids = (await folder.SearchAsync(SearchQuery.All, cancellationToken)).Where(u => u.Id > last).OrderBy(u => u.Id).ToList();
        var records = new List<InboxRecord>();
        _open = new Dictionary<string, IReadOnlyList<StoredInvoice>>(StringComparer.Ordinal);
        try
        {
            foreach (var uid in uids)
            {
                var message = await folder.GetMessageAsync(uid, cancellationToken);
                if (await TakeAsync(message, $"{validity}:{uid.Id:D10}", cancellationToken) is { } record)
                {
                    records.Add(record);
                }

                await ledger.SetValueAsync(stateKey, $"{validity}:{uid.Id}", cancellationToken);
            }
        }
        finally
        {
            _open = null;
        }

        await client.DisconnectAsync(true, cancellationToken);
        return records;
    }

    /// <summary>
    /// Takes one message of the reply mailbox, once: null when it was taken before (its Message-Id, else
    /// <paramref name="position"/>, is claimed in the ledger first, so two hosts never both act on it).
    /// </summary>
    public async Task<InboxRecord?> TakeAsync(MimeMessage message, string position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var claim = message.MessageId is { Length: > 0 } id ? $"inbox:id:{id.ToLowerInvariant()}" : $"inbox:pos:{position}";
        if (!await ledger.TryAddValueAsync(claim, clock.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken))
        {
            return null;
        }

        InboxRecord record;
        try
        {
            record = await ProcessAsync(message, cancellationToken);
            await ledger.SetValueAsync($"{InboxRecord.KeyPrefix}{clock.UtcNow:yyyyMMddHHmmss}:{position}", record.ToJson(), cancellationToken);
        }
        catch
        {
            // Not taken after all: the next read tries it again rather than skipping it for good.
            await ledger.RemoveValueAsync(claim, CancellationToken.None);
            throw;
        }

        LogProcessed(logger, record.Kind, record.Connection ?? "(unmatched)", record.InvoiceId ?? record.CustomerId ?? "-", record.Outcome);
        return record;
    }

    /// <summary>The recent records, newest first.</summary>
    public async Task<IReadOnlyList<InboxRecord>> RecentAsync(int count, CancellationToken cancellationToken) =>
        [.. (await ledger.GetValuesAsync(InboxRecord.KeyPrefix, cancellationToken)).OrderByDescending(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => InboxRecord.Parse(p.Value)).OfType<InboxRecord>()];

    /// <summary>The addresses a permanent bounce flagged for a connection (lower case): no e-mail goes to them.</summary>
    public static async Task<IReadOnlySet<string>> BouncedAsync(IDunningLedger ledger, string connection, CancellationToken cancellationToken) =>
        (await ledger.GetValuesAsync($"{BouncedPrefix}{connection}:", cancellationToken)).Keys.Select(k => k[(BouncedPrefix.Length + connection.Length + 1)..]).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private async Task<InboxRecord> ProcessAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.UtcNow.UtcDateTime);
        InboxVerdict verdict;
        try
        {
            verdict = InboxClassifier.Classify(message, today);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
        {
            // A message too odd to read is listed for a person, never a reason to stop reading the mailbox.
            verdict = new InboxVerdict(InboxKind.DeliveryNotice, $"could not be read ({ex.GetType().Name}: {ex.Message})", [], null, [], null);
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        var match = verdict.Kind is InboxKind.AutoReply or InboxKind.TemporaryBounce ? null : await MatchAsync(message, verdict, from, cancellationToken);
        var date = message.Date == DateTimeOffset.MinValue ? (DateTimeOffset?)null : message.Date;
        var subject = message.Subject is { Length: > 120 } long_ ? long_[..120] + "…" : message.Subject ?? "";
        var outcome = verdict.Kind switch
        {
            InboxKind.AutoReply => "automatic reply: nothing changes",
            InboxKind.TemporaryBounce => "delivery delayed: nothing changes",
            InboxKind.DeliveryNotice => "listed for the admin, not acted on",
            _ when match is null => "not matched to an invoice or customer: listed for the admin",
            InboxKind.Reply => await HoldAsync(match, date ?? clock.UtcNow, from, verdict.Hint, cancellationToken),
            InboxKind.PermanentBounce => await FlagAsync(match, verdict, cancellationToken),
            _ => "nothing",
        };
        return new InboxRecord(clock.UtcNow, date, from, subject, verdict.Kind, verdict.Reason, match?.Connection, match?.InvoiceId, match?.CustomerId, match?.By, outcome, verdict.Hint);
    }

    private async Task<string> HoldAsync(InboxMatch match, DateTimeOffset date, string from, ReplyHint? hint, CancellationToken cancellationToken)
    {
        var connection = relance.CurrentValue.Connections[match.Connection];
        var until = clock.Today(connection.Zone).AddDays(options.Value.ReplyHoldDays);
        var on = TimeZoneInfo.ConvertTime(date, connection.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var suggestion = hint is null ? "" : $"; it suggests {Describe(hint)} (\"{hint.Evidence}\")";
        var (scope, target) = match.InvoiceId is not null && !match.Grouped ? ("invoice", match.InvoiceId) : ("customer", match.CustomerId);
        await ledger.SetHoldAsync(new HoldRecord(match.Connection, scope, target, nameof(HoldKind.CustomerReplied), until, $"customer replied on {on} from {from}{suggestion}", clock.UtcNow), cancellationToken);
        if (hint is not null && options.Value.ApplySuggestions)
        {
            await ledger.SetHoldAsync(Suggested(match.Connection, scope, target, hint, on, clock.Today(connection.Zone)), cancellationToken);
            suggestion += " (applied: Relance:Inbox:ApplySuggestions)";
        }
        if ((match.InvoiceId ?? await AnyOpenInvoiceAsync(match, cancellationToken)) is { } invoice)
        {
            await notes.AddAsync(match.Connection, new NoteRequest($"reply-{Guid.NewGuid():N}", invoice, match.CustomerId, $"Réponse du client reçue le {on} ({from}). Relances suspendues jusqu'au {until:dd/MM/yyyy}.", Kind: NoteKind.Status, Subject: "Relance : réponse du client"), cancellationToken);
        }

        await alerts.NotifyAsync(match.Connection, $"A customer replied on {on} ({from}, {scope} {target}){suggestion}: its reminders wait until {until:yyyy-MM-dd}. See `relance inbox`.", cancellationToken);
        return $"{scope} {target} held until {until:yyyy-MM-dd}{suggestion}";
    }

    /// <summary>
    /// Records what the latest reply about an invoice (or a customer) suggests, as the admin would with pause, promise or
    /// a dispute, and lifts the reply's own hold. Null when no reply there suggested anything.
    /// </summary>
    public async Task<HoldRecord?> AcceptSuggestionAsync(string connection, string scope, string target, CancellationToken cancellationToken)
    {
        var replies = await RecentAsync(int.MaxValue, cancellationToken);
        var latest = replies.FirstOrDefault(r => r.Connection == connection && r.Hint is not null && (scope == "invoice" ? r.InvoiceId == target : r.CustomerId == target));
        if (latest?.Hint is not { } hint)
        {
            return null;
        }

        var zone = relance.CurrentValue.Connections[connection].Zone;
        var on = TimeZoneInfo.ConvertTime(latest.Date ?? latest.ReadAt, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hold = Suggested(connection, scope, target, hint, on, clock.Today(zone));
        await ledger.SetHoldAsync(hold, cancellationToken);
        await ledger.RemoveHoldAsync(connection, scope, target, nameof(HoldKind.CustomerReplied), cancellationToken);
        return hold;
    }

    /// <summary>
    /// The hold a suggestion stands for: a payment claimed pauses 14 days (time to see it on the bank statement), a
    /// dispute holds until an admin resumes, a promise holds until its date (14 days when it gave none).
    /// </summary>
    private HoldRecord Suggested(string connection, string scope, string target, ReplyHint hint, string on, DateOnly today) => hint.Kind switch
    {
        ReplyHintKind.PaidClaim => new HoldRecord(connection, scope, target, nameof(HoldKind.Paused), today.AddDays(14), $"the customer wrote on {on} that it is paid (\"{hint.Evidence}\"): check the bank", clock.UtcNow),
        ReplyHintKind.Dispute => new HoldRecord(connection, scope, target, nameof(HoldKind.Disputed), null, $"the customer disputes it, written on {on} (\"{hint.Evidence}\")", clock.UtcNow),
        _ => new HoldRecord(connection, scope, target, nameof(HoldKind.PromiseToPay), hint.Date ?? today.AddDays(14), $"the customer promised on {on} to pay{(hint.Date is { } day ? $" on {day:yyyy-MM-dd}" : "")} (\"{hint.Evidence}\")", clock.UtcNow),
    };

    private async Task<string> FlagAsync(InboxMatch match, InboxVerdict verdict, CancellationToken cancellationToken)
    {
        foreach (var address in verdict.FailedRecipients)
        {
            await ledger.SetValueAsync($"{BouncedPrefix}{match.Connection}:{address.ToLowerInvariant()}", $"{verdict.Status} {clock.UtcNow:O} customer {match.CustomerId}", cancellationToken);
        }

        var addresses = string.Join(", ", verdict.FailedRecipients);
        await ledger.SetHoldAsync(new HoldRecord(match.Connection, "customer", match.CustomerId, nameof(HoldKind.ContactMissing), null, $"{addresses} bounced ({verdict.Status}): fix the customer's e-mail on the platform", clock.UtcNow), cancellationToken);
        if ((match.InvoiceId ?? await AnyOpenInvoiceAsync(match, cancellationToken)) is { } invoice)
        {
            await notes.AddAsync(match.Connection, new NoteRequest($"bounce-{Guid.NewGuid():N}", invoice, match.CustomerId, $"Relance : l'adresse {addresses} a refusé le message (statut {verdict.Status}). Plus aucun e-mail n'y est envoyé : corrigez le contact.", Kind: NoteKind.Status, Subject: "Relance : adresse refusée"), cancellationToken);
        }

        await alerts.NotifyAsync(match.Connection, $"{addresses} bounced ({verdict.Status}) for customer {match.CustomerId}: no more e-mails go there; fix the contact on the platform (`relance pending` lists it).", cancellationToken);
        return $"address {addresses} flagged invalid for customer {match.CustomerId}; \"fix the contact\" opened";
    }

    private async Task<string?> AnyOpenInvoiceAsync(InboxMatch match, CancellationToken cancellationToken) =>
        (await OpenAsync(match.Connection, cancellationToken)).FirstOrDefault(o => o.Invoice.CustomerId == match.CustomerId)?.Invoice.Id;

    private async Task<IReadOnlyList<StoredInvoice>> OpenAsync(string connection, CancellationToken cancellationToken)
    {
        if (_open?.TryGetValue(connection, out var cached) == true)
        {
            return cached;
        }

        var open = await ledger.GetOpenInvoicesAsync(connection, cancellationToken);
        _open?.TryAdd(connection, open);
        return open;
    }

    /// <summary>
    /// Our Message-Ids first (In-Reply-To, References, or the bounced message's own), then an open invoice's number in
    /// the subject or the reply's own words, then the sender (or the bounced address) among customers' addresses. What
    /// matches several is not guessed.
    /// </summary>
    private async Task<InboxMatch?> MatchAsync(MimeMessage message, InboxVerdict verdict, string from, CancellationToken cancellationToken)
    {
        foreach (var id in verdict.ReferencedMessageIds.Where(i => i.EndsWith("@relance", StringComparison.OrdinalIgnoreCase)))
        {
            if (await ledger.FindActionAsync(id[..^"@relance".Length], cancellationToken) is { } action && relance.CurrentValue.Connections.ContainsKey(action.Connection))
            {
                return new InboxMatch(action.Connection, action.InvoiceId, action.CustomerId, $"reply to reminder {action.Id}", action.Detail?.Contains("(grouped in message", StringComparison.Ordinal) == true);
            }
        }

        var connections = relance.CurrentValue.Connections.Where(c => c.Value.Enabled).Select(c => c.Key).ToList();
        var open = new List<(string Connection, StoredInvoice Stored)>();
        foreach (var name in connections)
        {
            open.AddRange((await OpenAsync(name, cancellationToken)).Select(s => (name, s)));
        }

        var words = Tokens().Matches($"{message.Subject}\n{InboxClassifier.OwnWords(message)}").Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byNumber = open.Where(o => words.Contains(o.Stored.Invoice.Number)).DistinctBy(o => (o.Connection, o.Stored.Invoice.Id)).ToList();
        if (byNumber.Count == 1)
        {
            var (connection, stored) = byNumber[0];
            return new InboxMatch(connection, stored.Invoice.Id, stored.Invoice.CustomerId, $"invoice number {stored.Invoice.Number}", false);
        }

        var addresses = verdict.Kind == InboxKind.PermanentBounce ? verdict.FailedRecipients : [from];
        var customers = open.Where(o => DunningService.Recipients(o.Stored.Invoice, o.Stored.Customer).Any(a => addresses.Contains(a, StringComparer.OrdinalIgnoreCase)))
            .Select(o => (o.Connection, o.Stored.Invoice.CustomerId)).Distinct().ToList();
        return byNumber.Count == 0 && customers.Count == 1 ? new InboxMatch(customers[0].Connection, null, customers[0].CustomerId, $"address {string.Join(", ", addresses)}", true) : null;
    }

    private static (uint Validity, uint Last) ReadState(string? stored, uint validity) =>
        stored?.Split(':') is [var v, var l] && uint.TryParse(v, CultureInfo.InvariantCulture, out var saved) && saved == validity && uint.TryParse(l, CultureInfo.InvariantCulture, out var last)
            ? (validity, last)
            : (validity, 0);

    private static string Describe(ReplyHint hint) => hint.Kind switch
    {
        ReplyHintKind.PaidClaim => "a payment already made",
        ReplyHintKind.Dispute => "a dispute",
        _ => hint.Date is { } day ? $"a promise to pay on {day:yyyy-MM-dd}" : "a promise to pay",
    };

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\-_/.]*[\p{L}\p{N}]|[\p{L}\p{N}]")]
    private static partial Regex Tokens();

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox: {Kind} for {Connection} {Target}: {Outcome}")]
    private static partial void LogProcessed(ILogger logger, InboxKind kind, string connection, string target, string outcome);

    private sealed record InboxMatch(string Connection, string? InvoiceId, string CustomerId, string By, bool Grouped);
}
