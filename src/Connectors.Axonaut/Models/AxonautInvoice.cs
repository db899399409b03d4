using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relance.Connectors.Axonaut.Models;

internal sealed record AxonautInvoice(
    long Id,
    string? Number,
    JsonElement Date,
    JsonElement DueDate,
    JsonElement PaidDate,
    JsonElement LastUpdateDate,
    decimal? Total,
    decimal? OutstandingAmount,
    string? Currency,
    string? PublicPath,
    string? CustomerPortalUrl,
    AxonautCompanyRef? Company);

internal sealed record AxonautCompanyRef(long Id, string? Name);

/// <summary><c>invoicePayment.get</c>: <c>date</c> is "YYYY-MM-DD" in the spec's example, read as defensively as invoice dates.</summary>
internal sealed record AxonautPayment(long Id, [property: JsonPropertyName("invoice_id")] long InvoiceId, decimal Amount, JsonElement Date = default);
