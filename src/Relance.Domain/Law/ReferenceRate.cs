namespace Relance.Domain.Law;

/// <summary>A dated reference rate, in percent, in force from <see cref="From"/> until the next entry.</summary>
/// <param name="Source">Where the figure comes from, shown with the computation.</param>
public sealed record ReferenceRate(DateOnly From, decimal Percent, string? Source = null);
