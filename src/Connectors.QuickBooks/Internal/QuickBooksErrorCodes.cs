namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>What an admin should do about the Intuit error codes Relance can meet.</summary>
internal static class QuickBooksErrorCodes
{
    public static string Advice(string? code) => code switch
    {
        "610" => " The record no longer exists (deleted or made inactive in QuickBooks).",
        "2050" => " A text is longer than QuickBooks accepts.",
        "3100" => " The app is not authorised for this company (sandbox keys on a production company, or the reverse): check Settings:Environment and the keys.",
        "3200" => " The access token was refused: re-authorise with `relance authorize` if it persists.",
        "3001" or "003001" => " QuickBooks throttled the company (500 requests a minute, 10 at once).",
        "5010" => " Someone edited the invoice at the same moment; the next run tries again.",
        "6000" => " QuickBooks has no e-mail address for this invoice: set the customer's e-mail or the invoice's BillEmail.",
        "6001" => " QuickBooks' daily e-mail limit is reached (sandbox companies: 40 a day).",
        _ => "",
    };
}
