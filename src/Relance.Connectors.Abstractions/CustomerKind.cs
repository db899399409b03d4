namespace Relance.Connectors;

/// <summary>
/// Whether the customer is a business or a private person, when the platform tells. It decides the law: the French
/// L441-10 penalties and the €40 indemnity (and the UK Act) apply between businesses only.
/// </summary>
public enum CustomerKind
{
    /// <summary>The platform does not say: the connection's <c>Law:BusinessToBusiness</c> setting decides.</summary>
    Unknown,
    Company,
    Individual,
}
