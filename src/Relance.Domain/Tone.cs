namespace Relance.Domain;

/// <summary>How firm a step sounds; a grouped reminder takes the tone of its most advanced invoice.</summary>
public enum Tone
{
    Courteous,
    Friendly,
    Firm,
    Final,
    Formal,
}
