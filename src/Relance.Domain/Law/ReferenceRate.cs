namespace Relance.Domain.Law;

/// <summary>A dated reference rate, in percent, in force from <see cref="From"/> until the next entry.</summary>
/// <param name="Source">Where the figure comes from, shown with the computation and by <c>relance rates</c>.</param>
/// <param name="Confirmed">
/// False for a figure not checked against the issuing bank's or the Journal officiel's own publication: a formal notice
/// that would state it is held for approval instead of being sent as if exact.
/// </param>
public sealed record ReferenceRate(DateOnly From, decimal Percent, string? Source = null, bool Confirmed = true);
