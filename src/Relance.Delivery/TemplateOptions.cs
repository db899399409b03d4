namespace Relance.Delivery;

/// <summary>Bound from <c>Relance:Templates</c>.</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Relance:Templates";

    /// <summary>
    /// Folder with admin overrides laid out as <c>{language}/{template}.sbn</c>; templates found there replace the
    /// built-in ones. <value>The default value is null (built-in templates only).</value>
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Language used when a customer's language has no template. <value>The default value is "fr".</value></summary>
    public string DefaultLanguage { get; set; } = "fr";
}
