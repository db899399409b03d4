using Relance.Connectors;
using Relance.Domain;
using Relance.Domain.Calendars;
using Relance.Domain.Law;
using Relance.Engine.Configuration;

namespace Relance.Engine.Connections;

/// <summary>A configured connection, ready to run: its connector, policies, calendar and law.</summary>
public sealed record Connection(
    string Name,
    ConnectionOptions Options,
    IInvoiceConnector Connector,
    DunningPolicy Policy,
    TimeZoneInfo TimeZone,
    SendingWindow Window,
    LatePaymentTerms Law,
    RateTable Rates,
    IReadOnlyDictionary<string, DunningPolicy> CustomerPolicies,
    int TaskTimeoutDays = 7)
{
    /// <summary>
    /// The late-payment terms for a customer: the platform's word on business or private person wins over the
    /// connection's <c>Law:BusinessToBusiness</c>, which only decides when the platform does not say.
    /// </summary>
    public LatePaymentTerms LawFor(Customer? customer) => KindOf(customer) switch
    {
        CustomerKind.Individual => Law with { BusinessToBusiness = false },
        CustomerKind.Company => Law with { BusinessToBusiness = true },
        _ => Law,
    };

    /// <summary>The customer's kind: the configuration's <c>CustomerKinds</c> (by id, then tag) before the platform's.</summary>
    public CustomerKind KindOf(Customer? customer)
    {
        if (customer is null)
        {
            return CustomerKind.Unknown;
        }

        if (Options.CustomerKinds.TryGetValue(customer.Id, out var byId))
        {
            return byId;
        }

        foreach (var tag in customer.Tags ?? [])
        {
            if (Options.CustomerKinds.TryGetValue("tag:" + tag, out var byTag))
            {
                return byTag;
            }
        }

        return customer.Kind;
    }

    /// <summary>The policy for a customer: by id first, then by tag, else the connection's.</summary>
    public DunningPolicy PolicyFor(Customer? customer)
    {
        if (customer is null || CustomerPolicies.Count == 0)
        {
            return Policy;
        }

        if (CustomerPolicies.TryGetValue(customer.Id, out var byId))
        {
            return byId;
        }

        foreach (var tag in customer.Tags ?? [])
        {
            if (CustomerPolicies.TryGetValue("tag:" + tag, out var byTag))
            {
                return byTag;
            }
        }

        return Policy;
    }

    /// <summary>The holds that platform tags and configuration put on an invoice.</summary>
    public IEnumerable<Hold> TagHolds(Invoice invoice, Customer? customer)
    {
        var invoiceTags = (invoice.Tags ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var customerTags = (customer?.Tags ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in Options.DisputeTags.Where(t => invoiceTags.Contains(t) || customerTags.Contains(t)))
        {
            yield return new Hold(HoldKind.Disputed, $"disputed (tag '{tag}')");
        }

        foreach (var tag in Options.PauseTags.Where(t => invoiceTags.Contains(t) || customerTags.Contains(t)))
        {
            yield return new Hold(HoldKind.Paused, $"paused (tag '{tag}')");
        }

        foreach (var tag in Options.ProcedureTags.Where(customerTags.Contains))
        {
            yield return new Hold(HoldKind.CollectionProcedure, $"customer in a collection procedure (tag '{tag}')");
        }

        if (invoice.PlatformRemindersActive && Options.OnPlatformReminders == PlatformRemindersPolicy.Skip)
        {
            yield return new Hold(HoldKind.PlatformReminders, "the platform's own reminders are active (OnPlatformReminders: Skip)");
        }

        if (Options.NeverRemind.Any(n => n == invoice.CustomerId || (n.StartsWith("tag:", StringComparison.OrdinalIgnoreCase) && customerTags.Contains(n[4..]))))
        {
            yield return new Hold(HoldKind.NeverRemind, "customer on the never-remind list");
        }
    }
}
