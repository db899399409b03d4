using Refit;
using Relance.Connectors.Http;
using Relance.Connectors.Axonaut.Models;

namespace Relance.Connectors.Axonaut;

/// <summary>The part of Axonaut API v2 that Relance uses (see shared/api-notes/axonaut.md). Lists take the page in a header.</summary>
internal interface IAxonautApi
{
    [Get("/me")]
    Task<HttpResponseMessage> MeAsync(CancellationToken cancellationToken);

    [Get("/invoices")]
    Task<LenientList<AxonautInvoice>> ListInvoicesAsync(
        [Header("page")] int page,
        [AliasAs("is_paid")] string? isPaid,
        [AliasAs("updated_after")] string? updatedAfter,
        CancellationToken cancellationToken);

    /// <summary>Invoices by issue date (<c>date_after</c>, DD/MM/YYYY), paid or not: the paid history.</summary>
    [Get("/invoices")]
    Task<LenientList<AxonautInvoice>> ListInvoicesIssuedAsync(
        [Header("page")] int page,
        [AliasAs("is_paid")] string isPaid,
        [AliasAs("date_after")] string dateAfter,
        CancellationToken cancellationToken);

    [Get("/invoices/{id}")]
    Task<AxonautInvoice> GetInvoiceAsync(long id, CancellationToken cancellationToken);

    [Get("/payments")]
    Task<LenientList<AxonautPayment>> ListPaymentsAsync([Header("page")] int page, [AliasAs("invoice_id")] long invoiceId, CancellationToken cancellationToken);

    /// <summary>Every payment dated after a day (<c>date_after</c>, DD/MM/YYYY; whether the day itself is included is unverified).</summary>
    [Get("/payments")]
    Task<LenientList<AxonautPayment>> ListPaymentsSinceAsync([Header("page")] int page, [AliasAs("date_after")] string dateAfter, CancellationToken cancellationToken);

    /// <summary>Customers by ascending id (the documented default sort): pages only grow at the end.</summary>
    [Get("/companies")]
    Task<LenientList<AxonautCompany>> ListCompaniesAsync([Header("page")] int page, [AliasAs("type")] string type, [AliasAs("sort")] string sort, CancellationToken cancellationToken);

    [Get("/companies/{id}")]
    Task<AxonautCompany> GetCompanyAsync(long id, CancellationToken cancellationToken);

    [Get("/companies/{id}/events")]
    Task<LenientList<AxonautEvent>> ListCompanyEventsAsync(long id, [Header("page")] int page, CancellationToken cancellationToken);

    [Post("/events")]
    Task<AxonautEvent> AddEventAsync([Body] AxonautEventRequest request, CancellationToken cancellationToken);

    [Post("/events/{id}/send")]
    Task SendEventAsync(long id, CancellationToken cancellationToken);
}
