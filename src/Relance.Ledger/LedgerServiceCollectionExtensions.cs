using Relance.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relance.Ledger;

namespace Microsoft.Extensions.DependencyInjection;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Registers the SQLite ledger bound to <c>Relance:Ledger</c>.</summary>
    public static IServiceCollection AddRelanceLedger(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindTolerantly(LedgerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IDunningLedger>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LedgerOptions>>();
            return options.Value.Provider == LedgerProvider.Postgres
                ? ActivatorUtilities.CreateInstance<PostgresDunningLedger>(sp, options)
                : ActivatorUtilities.CreateInstance<SqliteDunningLedger>(sp, options);
        });
        return services;
    }
}
