using Microsoft.Extensions.Configuration;

namespace Relance.Connectors;

/// <summary>What a connector gets to build one connection.</summary>
/// <param name="Name">The connection's name (its key under <c>Relance:Connections</c>).</param>
/// <param name="Settings">The connection's <c>Settings</c> section: connector-specific, secrets already resolved.</param>
/// <param name="TimeProvider">The business clock (simulated in the demo and in tests).</param>
/// <param name="Credentials">Where rotated credentials are kept; null when the host offers no store.</param>
public sealed record ConnectionContext(string Name, IConfigurationSection Settings, TimeProvider TimeProvider, ICredentialStore? Credentials = null);
