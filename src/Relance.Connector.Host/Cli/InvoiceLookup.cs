using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// An invoice or a customer as an admin names them, in every connection they may be in: for an invoice the
/// platform's id or the number printed on it (what everyone in the finance team knows), for a customer the
/// platform's id or its name. Never a guess: what two of them share is refused, listing them.
/// </summary>
internal static class InvoiceLookup
{
    /// <summary>Invoices answering to <paramref name="text"/>: by id first, else by number, in each connection.</summary>
    public static async Task<IReadOnlyList<(string Connection, StoredInvoice Invoice)>> FindInvoicesAsync(IDunningLedger ledger, IEnumerable<string> connections, string text, CancellationToken cancellationToken)
    {
        var found = new List<(string, StoredInvoice)>();
        foreach (var connection in connections)
        {
            if (await ledger.GetInvoiceAsync(connection, text, cancellationToken) is { } byId)
            {
                found.Add((connection, byId));
                continue;
            }

            found.AddRange((await ledger.GetInvoiceHistoryAsync(connection, cancellationToken))
                .Where(h => string.Equals(h.Stored.Invoice.Number, text.Trim(), StringComparison.OrdinalIgnoreCase))
                .Select(h => (connection, h.Stored)));
        }

        return found;
    }

    /// <summary>Why nothing answers to <paramref name="text"/>, with the invoice numbers closest to it.</summary>
    public static async Task<string> UnknownInvoiceAsync(IDunningLedger ledger, IReadOnlyCollection<string> connections, string text, CancellationToken cancellationToken)
    {
        var numbers = new List<string>();
        foreach (var connection in connections)
        {
            numbers.AddRange((await ledger.GetInvoiceHistoryAsync(connection, cancellationToken)).Select(h => h.Stored.Invoice.Number));
        }

        var near = ConfigurationShape.Nearest(text.Trim(), numbers, 3);
        return $"Invoice '{text}' is not in the ledger of {Where(connections)}{(near.Count > 0 ? $"; closest numbers: {string.Join(", ", near)}" : "")}. Give the invoice number (e.g. F-2026-001) or the platform's invoice id, or run `relance sync` if it is new.";
    }

    /// <summary>Customers answering to <paramref name="text"/>: by id, else by exact name, else by a name containing it.</summary>
    public static async Task<CustomerMatches> FindCustomersAsync(IDunningLedger ledger, IEnumerable<string> connections, string text, CancellationToken cancellationToken)
    {
        var known = new List<(string Connection, string Id, string Name)>();
        foreach (var connection in connections)
        {
            known.AddRange((await ledger.GetInvoiceHistoryAsync(connection, cancellationToken))
                .Select(h => (connection, h.Stored.Invoice.CustomerId, h.Stored.Customer?.Name ?? h.Stored.Invoice.CustomerId))
                .Distinct());
        }

        var wanted = text.Trim();
        var byId = known.Where(k => k.Id == wanted).ToList();
        var byName = byId.Count > 0 ? byId : known.Where(k => string.Equals(k.Name.Trim(), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = byName.Count > 0 ? byName : known.Where(k => k.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        var near = matches.Count == 0 ? ConfigurationShape.Nearest(wanted, known.Select(k => k.Name), 3) : [];
        return new(matches.DistinctBy(m => (m.Connection, m.Id)).ToList(), near);
    }

    public static string Where(IReadOnlyCollection<string> connections) =>
        connections.Count == 1 ? $"'{connections.First()}'" : $"any connection ({string.Join(", ", connections)})";
}

/// <summary>The customers a name or id found, and when none, the closest names.</summary>
internal sealed record CustomerMatches(IReadOnlyList<(string Connection, string Id, string Name)> Found, IReadOnlyList<string> Closest);
