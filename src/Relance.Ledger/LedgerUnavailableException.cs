namespace Relance.Ledger;

/// <summary>
/// The ledger cannot be opened or written (missing rights, a corrupt or foreign file, a read-only folder, a server
/// that refuses us). Nothing is sent without a ledger that can record it: every verb stops with this one message.
/// </summary>
public sealed class LedgerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
