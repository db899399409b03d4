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
        if (rates.VerifiedThrough is { } verified && verified < today)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{RelanceOptions.SectionName}:Law:RatesFile: the late-payment rate table is verified through {verified:yyyy-MM-dd}; add the rates of later half-years (late-payment-rates.json) so interest stays exact.");
        }

        foreach (var (name, connection) in options.Connections)
        {
            if (connection.Law is { Jurisdiction: Jurisdiction.France, ContractRatePercent: { } rate } && LatePaymentLaw.FrenchContractFloor(today, rates) is { } floor && rate < floor)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{RelanceOptions.SectionName}:Connections:{name}:Law:ContractRatePercent: {rate:0.00} % is below 3 × the French legal interest rate ({floor:0.00} %), the minimum article L441-10 allows.");
            }

            // A British company configured with French defaults (or the reverse) states the wrong law and holidays.
            var (expectedCalendar, country) = connection.Law.Jurisdiction switch
            {
                Jurisdiction.France => ("fr", "France"),
                Jurisdiction.UnitedKingdom => ("uk", "the United Kingdom"),
                _ => (null, null),
            };
            if (expectedCalendar is not null && !string.Equals(connection.Calendar, expectedCalendar, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{RelanceOptions.SectionName}:Connections:{name}:Calendar: '{connection.Calendar}' while Law:Jurisdiction is {connection.Law.Jurisdiction}: reminders would follow the holidays of another country than {country}'s law (set Calendar to '{expectedCalendar}').";
            }

            if (connection.OnPlatformReminders == PlatformRemindersPolicy.Warn)
            {
                yield return $"{RelanceOptions.SectionName}:Connections:{name}:OnPlatformReminders: Warn — invoices also chased by the platform's own reminders will be reminded twice.";
            }
        }
    }
}
