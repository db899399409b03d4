using System.Text.RegularExpressions;
using Relance.Ledger;

namespace Relance.Testing;

public static partial class LedgerExpectations
{
    /// <summary>
    /// The e-mails the ledger says went out: one per sent action, except that grouped actions share the message of
    /// their group's first action ("grouped in message X").
    /// </summary>
    public static IReadOnlySet<string> SentMessageIds(IEnumerable<LedgerAction> actions) =>
        actions.Where(a => a.State == ActionState.Sent && a.Channel != "platform")
            .Select(a => GroupedIn().Match(a.Detail ?? "") is { Success: true } m ? m.Groups[1].Value : a.Id)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("grouped in message ([0-9a-f]{32})")]
    private static partial Regex GroupedIn();
}
