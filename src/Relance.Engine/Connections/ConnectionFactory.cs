using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Relance.Connectors;
using Relance.Engine.Configuration;

namespace Relance.Engine.Connections;

/// <summary>Builds a <see cref="Connection"/> from configuration, resolving <c>secret:NAME</c> settings.</summary>
public sealed class ConnectionFactory(
    IOptionsMonitor<RelanceOptions> options,
    IConfiguration configuration,
    ConnectorCatalog catalog,
    ISecretResolver secrets,
    RelanceClock clock)
{
    public const string SecretPrefix = "secret:";

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
        var policy = all.Policies.TryGetValue(connection.Policy, out var policyOptions)
            ? policyOptions.ToPolicy(connection.Policy)
            : PolicyOptions.Default().ToPolicy("default");
        return new Connection(name, connection, factory.Create(context), policy, TimeZoneInfo.FindSystemTimeZoneById(connection.TimeZone));
    }

    /// <summary>The connection's settings with secret references resolved, as the connector will see them.</summary>
    public async Task<ConnectionContext> CreateContextAsync(string name, CancellationToken cancellationToken)
    {
        var section = SettingsSection(configuration, name);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            values["Settings:" + key] = value is not null && value.StartsWith(SecretPrefix, StringComparison.Ordinal)
                ? await secrets.ResolveAsync(value[SecretPrefix.Length..], cancellationToken)
                : value;
        }

        var resolved = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ConnectionContext(name, resolved.GetSection("Settings"), clock.Time);
    }

    /// <summary>The raw (unresolved) settings of a connection, for validation without secrets.</summary>
    public static IConfigurationSection SettingsSection(IConfiguration configuration, string name) =>
        configuration.GetSection($"{RelanceOptions.SectionName}:Connections:{name}:Settings");
}
