using Refit;
using Relance.Connectors.Pennylane.Models;

namespace Relance.Connectors.Pennylane;

/// <summary>The part of Pennylane's Company API v2 that Relance uses (see shared/api-notes/pennylane.md).</summary>
internal interface IPennylaneApi
{
    [Get("/customer_invoices")]
    Task<PennylanePage<PennylaneInvoice>> ListInvoicesAsync(string? cursor, int limit, string? filter, string? sort, CancellationToken cancellationToken);

    [Get("/customers")]
    Task<PennylanePage<PennylaneCustomer>> ListCustomersAsync(string? cursor, int limit, string? filter, CancellationToken cancellationToken);

    // start_date only on the first page: sending it with a cursor answers 400.
    [Get("/changelogs/customer_invoices")]
    Task<PennylanePage<PennylaneChange>> InvoiceChangesAsync([AliasAs("start_date")] string? startDate, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/changelogs/customers")]
    Task<PennylanePage<PennylaneChange>> CustomerChangesAsync([AliasAs("start_date")] string? startDate, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/customer_invoices/{id}/{**commentsPath}")]
    Task<PennylanePage<PennylaneComment>> ListCommentsAsync(long id, string commentsPath, string? cursor, int limit, CancellationToken cancellationToken);

    [Post("/customer_invoices/{id}/{**commentsPath}")]
    Task AddCommentAsync(long id, string commentsPath, [Body] IDictionary<string, string> body, CancellationToken cancellationToken);

    [Post("/customer_invoices/{id}/send_by_email")]
    Task SendByEmailAsync(long id, [Body] SendByEmailBody body, CancellationToken cancellationToken);
}

internal sealed record SendByEmailBody(IReadOnlyList<string> Recipients);
