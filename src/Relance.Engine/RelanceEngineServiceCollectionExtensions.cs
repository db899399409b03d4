using Relance.Delivery;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relance.Engine.Alerts;
using Relance.Engine.Configuration;
using Relance.Connectors;
using Relance.Engine.Connections;
using Relance.Engine.Credentials;
using Relance.Engine.Dunning;
using Relance.Engine.Sync;
using Relance.Ledger;

namespace Microsoft.Extensions.DependencyInjection;

public static class RelanceEngineServiceCollectionExtensions
{
    /// <summary>Registers configuration, ledger, delivery, sync and dunning: everything but the connectors and the scheduler.</summary>
    public static IServiceCollection AddRelanceCore(this IServiceCollection services)
    {
        services.AddOptions<RelanceOptions>().BindTolerantly(RelanceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelanceOptions>, RelanceOptionsValidator>();
        services.AddSingleton(new KnownConfigurationSection("Delivery", typeof(DeliveryOptions)));
        services.AddSingleton(new KnownConfigurationSection("Templates", typeof(TemplateOptions)));
        services.AddSingleton(new KnownConfigurationSection("Ledger", typeof(LedgerOptions)));
        services.AddSingleton(new KnownConfigurationSection("Secrets", null));
        services.AddSingleton(new KnownConfigurationSection("Inbox", typeof(Relance.Engine.Inbox.InboxOptions)));
        services.AddRelanceLedger();
        services.AddRelanceDelivery();
        services.TryAddSingleton<Relance.Delivery.ISmtpAccessTokens, AzureSmtpAccessTokens>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RelanceClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ConnectorCatalog>();
        // The vault client for the tokens written back (refreshed OAuth tokens); secrets are read by SecretReferenceProvider.
        services.TryAddSingleton(sp => new SecretClient(
            sp.GetRequiredService<IOptions<RelanceOptions>>().Value.KeyVault.Uri ?? throw new InvalidOperationException("Relance:KeyVault:Uri is not set."),
            new DefaultAzureCredential()));
        services.TryAddSingleton<ICredentialStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RelanceOptions>>().Value;
            var shared = options.CredentialStore.Provider == CredentialStoreProvider.Ledger
                || (options.CredentialStore.Provider == CredentialStoreProvider.Auto && sp.GetRequiredService<IOptions<LedgerOptions>>().Value.Provider == LedgerProvider.Postgres);
            return options.KeyVault.Uri is not null ? new KeyVaultCredentialStore(sp.GetRequiredService<SecretClient>())
                : shared ? new LedgerCredentialStore(sp.GetRequiredService<IDunningLedger>())
                : new FileCredentialStore(options.CredentialStore.Path ?? Path.Combine(options.DataDirectory, "credentials.json"));
        });
        services.AddOptions<Relance.Engine.Inbox.InboxOptions>().BindTolerantly(Relance.Engine.Inbox.InboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Relance.Engine.Inbox.InboxOptions>, Relance.Engine.Inbox.InboxOptionsValidator>();
        services.TryAddSingleton<Relance.Engine.Inbox.InboxService>();
        services.TryAddSingleton<AdminAlerts>();
        services.TryAddSingleton<DailyDigest>();
        services.TryAddSingleton<Relance.Engine.Health.ConnectionStatus>();
        services.TryAddSingleton<NoteOutbox>();
        services.TryAddSingleton<ConnectionFactory>();
        services.TryAddSingleton<ConnectionPauses>();
        services.TryAddSingleton<ReminderComposer>();
        services.TryAddSingleton<DunningPlanner>();
        services.TryAddSingleton<SyncService>();
        services.TryAddSingleton<DunningService>();
        return services;
    }
}
