using System.Globalization;
using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary>Things that are allowed but deserve an admin's eye: printed by <c>relance validate</c> and logged at start.</summary>
public static class ConfigurationWarnings
{
    public static IEnumerable<string> For(RelanceOptions options, RateTable rates, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rates);
        var stale = Enum.GetValues<RateSeries>().Select(rates.Series).Where(s => s.ConfirmedThrough is { } through && through < today).ToList();
        if (stale.Count > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{RelanceOptions.SectionName}:Law:RatesFile: the late-payment rate table is confirmed only through {string.Join(", ", stale.Select(s => $"{s.ConfirmedThrough:yyyy-MM-dd} ({s.Name})"))}. A formal notice that needs a later rate waits for approval; `relance rates` shows the table and where to update it.");
        }

        foreach (var (name, connection) in options.Connections)
        {
            if (connection is { Jurisdiction: Jurisdiction.France, Law.ContractRatePercent: { } rate } && LatePaymentLaw.FrenchContractFloor(today, rates) is { } floor && rate < floor)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{RelanceOptions.SectionName}:Connections:{name}:Law:ContractRatePercent: {rate:0.00} % is below 3 × the French legal interest rate ({floor:0.00} %), the minimum article L441-10 allows.");
            }

            // A British company configured with French defaults (or the reverse) states the wrong law and holidays.
            var (expectedCalendar, country) = connection.Jurisdiction switch
            {
                Jurisdiction.France => ("fr", "France"),
                Jurisdiction.UnitedKingdom => ("uk", "the United Kingdom"),
                _ => (null, null),
            };
            if (expectedCalendar is not null && !string.Equals(connection.Calendar, expectedCalendar, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{RelanceOptions.SectionName}:Connections:{name}:Calendar: '{connection.Calendar}' while the late-payment law is {connection.Jurisdiction} ({connection.JurisdictionSource}): reminders would follow the holidays of another country than {country}'s law (set Calendar to '{expectedCalendar}').";
            }

            if (connection.OnPlatformReminders == PlatformRemindersPolicy.Warn)
            {
                yield return $"{RelanceOptions.SectionName}:Connections:{name}:OnPlatformReminders: Warn — invoices also chased by the platform's own reminders will be reminded twice.";
            }
        }
    }
}
