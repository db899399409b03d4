namespace Relance.Engine.Sync;

/// <summary>What one sync of one connection did.</summary>
public sealed record SyncReport(
    string Connection,
    bool FullSnapshot,
    int Invoices,
    int Customers,
    int Deleted,
    int Closed,
    IReadOnlyList<string> Rejected);
