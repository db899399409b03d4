namespace Relance.Ledger;

/// <summary>Outcome of <see cref="IDunningLedger.TryClaimAsync"/>.</summary>
/// <param name="Claimed">True when this run now owns the action and may send.</param>
/// <param name="Action">The action as stored (the existing one when the claim was refused).</param>
public sealed record ClaimResult(bool Claimed, LedgerAction Action);
