namespace Relance.Connectors;

/// <summary>
/// Opaque connector state saved by the host after the records before it were committed, and handed back on
/// the next read. Connectors put whatever they need in it (a watermark, a date); the host never parses it.
/// </summary>
public sealed record SyncCursor(string Value);
