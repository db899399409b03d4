using Refit;
using Relance.Connectors.QuickBooks.Models;

namespace Relance.Connectors.QuickBooks;

/// <summary>The QuickBooks Online Accounting API v3 calls Relance makes (shared/api-notes/quickbooks.md).</summary>
internal interface IQuickBooksApi
{
    [Get("/v3/company/{realm}/companyinfo/{realm}")]
    Task<QbCompanyInfoEnvelope> CompanyInfoAsync(string realm, [AliasAs("minorversion")] int minorVersion, CancellationToken cancellationToken);

    [Get("/v3/company/{realm}/query")]
    Task<QbQueryEnvelope> QueryAsync(string realm, [AliasAs("query")] string query, [AliasAs("minorversion")] int minorVersion, [AliasAs("include")] string? include, CancellationToken cancellationToken);

    [Get("/v3/company/{realm}/cdc")]
    Task<QbCdcEnvelope> ChangesAsync(string realm, [AliasAs("entities")] string entities, [AliasAs("changedSince")] string changedSince, [AliasAs("minorversion")] int minorVersion, CancellationToken cancellationToken);

    [Get("/v3/company/{realm}/invoice/{id}")]
    Task<QbInvoiceEnvelope> GetInvoiceAsync(string realm, string id, [AliasAs("minorversion")] int minorVersion, CancellationToken cancellationToken);

    [Post("/v3/company/{realm}/invoice")]
    Task<QbInvoiceEnvelope> UpdateInvoiceAsync(string realm, [Body] QbNoteUpdate update, [AliasAs("minorversion")] int minorVersion, [AliasAs("requestid")] string requestId, CancellationToken cancellationToken);

    /// <summary>QuickBooks e-mails the invoice; the body is empty and must be typed application/octet-stream.</summary>
    [Post("/v3/company/{realm}/invoice/{id}/send")]
    [Headers("Content-Type: application/octet-stream")]
    Task<QbInvoiceEnvelope> SendInvoiceAsync(string realm, string id, [Body] Stream empty, [AliasAs("sendTo")] string? sendTo, [AliasAs("minorversion")] int minorVersion, [AliasAs("requestid")] string requestId, CancellationToken cancellationToken);
}
