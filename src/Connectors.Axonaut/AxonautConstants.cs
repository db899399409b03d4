namespace Relance.Connectors.Axonaut;

internal static class AxonautConstants
{
    public const string ConnectorType = "axonaut";
    public const string HttpClientName = "Relance.Connectors.Axonaut";
    public const string DocumentationUrl = "https://axonaut.com/api/v2/doc";

    // Axonaut filters take DD/MM/YYYY; POST bodies take RFC 3339.
    public const string FilterDateFormat = "dd/MM/yyyy";

    // Event natures (POST /events).
    public const int EmailNature = 2;
    public const int NoteNature = 6;
}
