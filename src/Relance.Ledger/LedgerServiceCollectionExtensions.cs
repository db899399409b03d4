using Microsoft.Extensions.DependencyInjection.Extensions;
using Relance.Ledger;

namespace Microsoft.Extensions.DependencyInjection;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Registers the SQLite ledger bound to <c>Relance:Ledger</c>.</summary>
    public static IServiceCollection AddRelanceLedger(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IDunningLedger, SqliteDunningLedger>();
        return services;
    }
}
