namespace Relance.Connectors.QuickBooks;

internal static class QuickBooksConstants
{
    public const string ConnectorType = "quickbooks";
    public const string HttpClientName = "relance-quickbooks";
    public const string OAuthClientName = "relance-quickbooks-oauth";
    public const string DocumentationUrl = "https://developer.intuit.com/app/developer/qbo/docs/get-started";
    public const string Scope = "com.intuit.quickbooks.accounting";

    /// <summary>PrivateNote holds at most 4000 characters.</summary>
    public const int PrivateNoteMax = 4000;
}
