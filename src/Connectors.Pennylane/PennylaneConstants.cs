namespace Relance.Connectors.Pennylane;

internal static class PennylaneConstants
{
    public const string ConnectorType = "pennylane";
    public const string HttpClientName = "Relance.Connectors.Pennylane";
    public const string DocumentationUrl = "https://pennylane.readme.io/docs";

    // Documented maxima: list endpoints take limit 1..100, changelogs 1..1000.
    public const int MaxPageSize = 100;
    public const int MaxChangelogPageSize = 1000;

    // Changelogs keep 4 weeks; older start_date answers 422.
    public static readonly TimeSpan ChangelogRetention = TimeSpan.FromDays(28);
}
