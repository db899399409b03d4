namespace Relance.Engine.Sync;

/// <summary>How far a sync has got, reported every few hundred records (for a long first sync).</summary>
public sealed record SyncProgress(string Connection, int Invoices, int Customers);
