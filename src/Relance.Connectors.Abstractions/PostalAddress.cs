namespace Relance.Connectors;

/// <summary>A postal (billing) address as the platform holds it; a formal notice letter prints it.</summary>
/// <param name="Lines">Street lines, in order (empty ones left out).</param>
/// <param name="Country">ISO 3166-1 alpha-2 code when known, else the platform's text.</param>
public sealed record PostalAddress(IReadOnlyList<string> Lines, string? PostalCode, string? City, string? Country)
{
    /// <summary>The address as printed lines: street lines, then "postal code city", then the country.</summary>
    public IReadOnlyList<string> ToLines() =>
    [
        .. Lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()),
        .. new[] { string.Join(' ', new[] { PostalCode, City }.Where(p => !string.IsNullOrWhiteSpace(p))) }.Where(l => l.Length > 0),
        .. new[] { Country }.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!),
    ];
}
