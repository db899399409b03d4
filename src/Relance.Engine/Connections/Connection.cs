using Relance.Connectors;
using Relance.Domain;
using Relance.Engine.Configuration;

namespace Relance.Engine.Connections;

/// <summary>A configured connection, ready to run: its connector, policy and zone.</summary>
public sealed record Connection(string Name, ConnectionOptions Options, IInvoiceConnector Connector, DunningPolicy Policy, TimeZoneInfo TimeZone);
