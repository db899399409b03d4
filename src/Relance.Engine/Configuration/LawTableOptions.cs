namespace Relance.Engine.Configuration;

/// <summary><c>Relance:Law</c>.</summary>
public sealed class LawTableOptions
{
    /// <summary>A JSON rate table replacing the shipped one (same shape as late-payment-rates.json).</summary>
    public string? RatesFile { get; set; }
}
