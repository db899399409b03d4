using Relance.Domain.Law;
using Relance.Engine.Configuration;

namespace Relance.Engine.Tests;

public sealed class ConfigurationWarningsTests
{
    [Fact]
    public void A_contract_rate_below_three_times_the_legal_rate_and_a_stale_rate_table_are_warned_with_their_keys()
    {
        var options = new RelanceOptions();
        options.Connections["acme"] = new ConnectionOptions { Country = "FR", Law = new LawOptions { ContractRatePercent = 5m } };
        options.Connections["fine"] = new ConnectionOptions { Country = "FR", Law = new LawOptions { ContractRatePercent = 15m } };
        var rates = RateTableLoader.Load(null);

        var warnings = ConfigurationWarnings.For(options, rates, new DateOnly(2026, 11, 25)).ToList();

        Assert.Contains(warnings, w => w.StartsWith("Relance:Connections:acme:Law:ContractRatePercent: 5.00 %", StringComparison.Ordinal) && w.Contains("7.86 %", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains(":fine:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Relance:Law:RatesFile: the late-payment rate table is confirmed only through 2026-06-10 (ECB main refinancing rate)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_uk_law_connection_left_on_french_holidays_is_warned()
    {
        var options = new RelanceOptions();
        options.Connections["thistle"] = new ConnectionOptions { Law = new LawOptions { Jurisdiction = Jurisdiction.UnitedKingdom } };
        options.Connections["oak"] = new ConnectionOptions { Calendar = "uk", Law = new LawOptions { Jurisdiction = Jurisdiction.UnitedKingdom } };

        var warnings = ConfigurationWarnings.For(options, RateTableLoader.Load(null), new DateOnly(2026, 3, 1)).ToList();

        Assert.Contains(warnings, w => w.StartsWith("Relance:Connections:thistle:Calendar: 'fr' while the late-payment law is UnitedKingdom (Law:Jurisdiction)", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains(":oak:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_rate_table_loads_with_the_documented_figures()
    {
        var rates = RateTableLoader.Load(null);

        Assert.Equal(12.15m, LatePaymentLaw.FrenchStatutoryRate(new DateOnly(2026, 3, 1), rates)!.Value.Percent);
        Assert.Equal(14.25m, LatePaymentLaw.FrenchStatutoryRate(new DateOnly(2024, 9, 1), rates)!.Value.Percent);
        Assert.Equal(7.86m, LatePaymentLaw.FrenchContractFloor(new DateOnly(2026, 2, 1), rates));
        Assert.Equal(3.75m, RateTable.InForce(rates.BankOfEnglandBase, new DateOnly(2025, 12, 31))!.Percent);
    }
}
