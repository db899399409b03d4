using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Domain;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Ledger;

namespace Relance.Engine.Alerts;

/// <summary>
/// One e-mail a day to the admin (<c>Relance:Alerts</c>), in their language: what went out yesterday, what waits for
/// them (approvals, tasks, things to fix, unsure sends) and what failed, each with the command that acts on it.
/// Sent once a day whatever the number of hosts or restarts: the ledger remembers the day it went.
/// </summary>
public sealed class DailyDigest(IOptionsMonitor<RelanceOptions> options, IDunningLedger ledger, IEmailSender email, RelanceClock clock)
{
    private const int ListedPerKind = 20;

    /// <summary>The digest of <paramref name="day"/> (the admin's today), about the day before and what waits now.</summary>
    public async Task<RenderedMessage> ComposeAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var all = options.CurrentValue;
        var words = DigestWords.For(all.Alerts.Language ?? all.Language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(all.Alerts.TimeZone);
        var culture = CultureInfo.GetCultureInfo(words.Culture);
        var from = Start(day.AddDays(-1), zone);
        var to = Start(day, zone);
        var body = new StringBuilder();
        body.AppendLine(string.Format(culture, words.Title, day.ToString("D", culture), all.Alerts.TimeZone)).AppendLine();
        var waiting = 0;
        var inbox = (await ledger.GetValuesAsync(Inbox.InboxRecord.KeyPrefix, cancellationToken)).Values.Select(Inbox.InboxRecord.Parse).OfType<Inbox.InboxRecord>()
            .Where(r => r.ReadAt >= from && r.ReadAt < to && r.Kind is Inbox.InboxKind.Reply or Inbox.InboxKind.PermanentBounce or Inbox.InboxKind.DeliveryNotice).ToList();
        foreach (var name in all.Connections.Keys.Order(StringComparer.Ordinal))
        {
            var connection = all.Connections[name];
            var money = connection.FormatCulture;
            var actions = await ledger.GetActionsAsync(name, null, cancellationToken);
            var invoices = (await ledger.GetInvoiceHistoryAsync(name, cancellationToken)).ToDictionary(h => h.Stored.Invoice.Id, h => h.Stored);
            string Invoice(LedgerAction a) => invoices.TryGetValue(a.InvoiceId, out var i)
                ? $"{i.Invoice.Number} {i.Customer?.Name ?? i.Invoice.CustomerId}, {Typography.Money(i.Invoice.AmountDue, money)}"
                : a.InvoiceId;

            body.AppendLine($"== {name} ==");
            var sent = actions.Where(a => a.State == ActionState.Sent && a.CompletedAt >= from && a.CompletedAt < to).ToList();
            body.AppendLine(string.Format(culture, words.Sent, sent.Count, sent.Count == 0 ? "" : " (" + string.Join(", ", sent.GroupBy(a => a.Step).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) + ")"));
            var failed = actions.Where(a => a.State == ActionState.Failed && (a.CompletedAt ?? a.ClaimedAt) >= from && (a.CompletedAt ?? a.ClaimedAt) < to).ToList();
            var sections = new (string Title, IReadOnlyList<string> Lines)[]
            {
                (words.AwaitingApproval, Lines(actions.Where(a => a.State == ActionState.AwaitingApproval), a => $"{Invoice(a)} — {a.Step}: relance approve {a.Id}  |  relance reject {a.Id}")),
                (words.Tasks, Lines(actions.Where(a => a.State == ActionState.TaskOpen), a => $"{Invoice(a)} — {a.Step}{(a.Detail is { Length: > 0 } d ? $" ({d})" : "")}: relance done {a.Id}")),
                (words.Unsure, Lines(actions.Where(a => a.State == ActionState.Unsure), a => $"{Invoice(a)} — {a.Step}: relance resolve {a.Id} --sent  |  --not-sent")),
                (words.ToFix, Lines((await ledger.GetHoldsAsync(name, cancellationToken)).Where(h => Hold.NeedsAPerson(h.Kind)), h => $"{h.Reason}")),
                (words.Failed, Lines(failed, a => $"{Invoice(a)} — {a.Step}: {a.Detail}")),
                (words.Inbox, Lines(inbox.Where(r => r.Connection == name), r => $"{r.From}: {r.Outcome}")),
            };
            foreach (var (title, lines) in sections)
            {
                if (lines.Count == 0)
                {
                    continue;
                }

                waiting += title == words.Failed ? 0 : lines.Count;
                body.AppendLine(string.Format(culture, title, lines.Count));
                foreach (var line in lines.Take(ListedPerKind))
                {
                    body.AppendLine("  - " + PlatformText.OneLine(line));
                }

                if (lines.Count > ListedPerKind)
                {
                    body.AppendLine("  " + string.Format(culture, words.More, lines.Count - ListedPerKind, name));
                }
            }

            body.AppendLine();
        }

        // Messages no invoice or customer could be matched to: a person reads them.
        var unmatched = inbox.Where(r => r.Connection is null).ToList();
        if (unmatched.Count > 0)
        {
            waiting += unmatched.Count;
            body.AppendLine("== (unmatched) ==").AppendLine(string.Format(culture, words.Inbox, unmatched.Count));
            foreach (var record in unmatched.Take(ListedPerKind))
            {
                body.AppendLine("  - " + PlatformText.OneLine($"{record.From} — \"{record.Subject}\": {record.Outcome}"));
            }

            body.AppendLine();
        }

        body.AppendLine(words.Footer);
        var subject = string.Format(culture, words.Subject, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), waiting);
        return new RenderedMessage(subject, body.ToString());
    }

    /// <summary>Sends today's digest unless it already went today; true when it went now.</summary>
    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        var alerts = options.CurrentValue.Alerts;
        if (alerts.To.Count == 0)
        {
            return false;
        }

        var day = clock.Today(TimeZoneInfo.FindSystemTimeZoneById(alerts.TimeZone));
        var key = $"digest:{day:yyyy-MM-dd}";
        if (await ledger.GetValueAsync(key, cancellationToken) is not null)
        {
            return false;
        }

        var message = await ComposeAsync(day, cancellationToken);
        await email.SendAsync(new EmailMessage($"digest-{day:yyyyMMdd}", new MailAddressInfo("Relance", alerts.From), alerts.To, message.Subject, message.Body), cancellationToken);
        await ledger.SetValueAsync(key, clock.UtcNow.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return true;
    }

    private static IReadOnlyList<string> Lines<T>(IEnumerable<T> items, Func<T, string> line) => items.Select(line).ToList();

    private static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
