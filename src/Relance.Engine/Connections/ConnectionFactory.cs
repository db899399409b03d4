using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Relance.Connectors;
using Relance.Domain;
using Relance.Domain.Calendars;
using Relance.Domain.Law;
using Relance.Engine.Configuration;

namespace Relance.Engine.Connections;

/// <summary>Builds a <see cref="Connection"/> from configuration (its <c>secret:NAME</c> settings already resolved by <see cref="SecretReferenceProvider"/>).</summary>
public sealed class ConnectionFactory(
    IOptionsMonitor<RelanceOptions> options,
    IConfiguration configuration,
    ConnectorCatalog catalog,
    ICredentialStore credentials,
    RelanceClock clock)
{
    private readonly Lazy<RateTable> rates = new(() => RateTableLoader.Load(options.CurrentValue.Law.RatesFile));

    public IReadOnlyCollection<string> Names => options.CurrentValue.Connections.Keys;

    public async Task<Connection> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var all = options.CurrentValue;
        if (!all.Connections.TryGetValue(name, out var connection))
        {
            throw new InvalidOperationException($"No connection named '{name}' under {RelanceOptions.SectionName}:Connections.");
        }

        var factory = catalog.Find(connection.Connector)
            ?? throw new InvalidOperationException($"{RelanceOptions.SectionName}:Connections:{name}:Connector: unknown connector type '{connection.Connector}'.");
        var context = await CreateContextAsync(name, cancellationToken);
        var (policy, taskTimeout) = Policy(all, connection.Policy, connection.Onboarding);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(connection.TimeZone);
        var (opens, closes) = ParseWindow(connection.SendingWindow);
        var window = new SendingWindow(zone, HolidayCalendars.Find(connection.Calendar) ?? new NoHolidays(), opens, closes) { Weekends = connection.Weekends };
        var customerPolicies = connection.CustomerPolicies.ToDictionary(p => p.Key, p => Policy(all, p.Value, connection.Onboarding).Policy, StringComparer.OrdinalIgnoreCase);
        return new Connection(name, connection, factory.Create(context), policy, zone, window, connection.Law.ToTerms(connection.Jurisdiction), rates.Value, customerPolicies, taskTimeout);
    }

    /// <summary>Parses "HH:mm-HH:mm"; null when malformed.</summary>
    public static (TimeOnly Opens, TimeOnly Closes) ParseWindow(string window) =>
        TryParseWindow(window, out var opens, out var closes) ? (opens, closes) : throw new FormatException($"'{window}' is not a sending window like 09:00-18:00.");

    public static bool TryParseWindow(string? window, out TimeOnly opens, out TimeOnly closes)
    {
        opens = closes = default;
        var parts = window?.Split('-', StringSplitOptions.TrimEntries);
        return parts is { Length: 2 }
            && TimeOnly.TryParseExact(parts[0], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out opens)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out closes)
            && opens < closes;
    }

    /// <summary>The policy a connection runs with (its named one, or the built-in default), its onboarding merged in.</summary>
    public static DunningPolicy PolicyOf(RelanceOptions all, ConnectionOptions connection)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(connection);
        return Policy(all, connection.Policy, connection.Onboarding).Policy;
    }

    private static (DunningPolicy Policy, int TaskTimeoutDays) Policy(RelanceOptions all, string name, OnboardingOptions onboarding)
    {
        var options = all.Policies.TryGetValue(name, out var configured) ? configured : PolicyOptions.Default();
        return (options.ToPolicy(all.Policies.ContainsKey(name) ? name : "default", onboarding), options.TaskTimeoutDays);
    }

    /// <summary>The connection's settings as the connector will see them, a copy taken now.</summary>
    public Task<ConnectionContext> CreateContextAsync(string name, CancellationToken cancellationToken)
    {
        var values = SettingsSection(configuration, name).AsEnumerable(makePathsRelative: true)
            .ToDictionary(e => "Settings:" + e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return Task.FromResult(new ConnectionContext(name, settings.GetSection("Settings"), clock.Time, credentials));
    }

    /// <summary>The settings of a connection.</summary>
    public static IConfigurationSection SettingsSection(IConfiguration configuration, string name) =>
        configuration.GetSection($"{RelanceOptions.SectionName}:Connections:{name}:Settings");
}
