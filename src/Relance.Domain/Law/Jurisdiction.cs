namespace Relance.Domain.Law;

/// <summary>Which late-payment law applies to a connection's invoices.</summary>
public enum Jurisdiction
{
    /// <summary>No statutory penalty (e.g. US): only a contractual rate when configured.</summary>
    None,

    /// <summary>France, Code de commerce L441-10 and D441-5.</summary>
    France,

    /// <summary>United Kingdom, Late Payment of Commercial Debts (Interest) Act 1998.</summary>
    UnitedKingdom,
}
