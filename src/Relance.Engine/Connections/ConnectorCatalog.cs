using Relance.Connectors;

namespace Relance.Engine.Connections;

/// <summary>Every connector type the host knows: built-in and loaded from plugins.</summary>
public sealed class ConnectorCatalog(IEnumerable<IConnectorFactory> factories)
{
    private readonly Dictionary<string, IConnectorFactory> _byType = factories
        .GroupBy(f => f.Descriptor.Type, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Types => _byType.Keys;

    public IConnectorFactory? Find(string type) => _byType.GetValueOrDefault(type);
}
