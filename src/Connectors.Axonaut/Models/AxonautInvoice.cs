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

internal sealed record AxonautPayment(long Id, [property: JsonPropertyName("invoice_id")] long InvoiceId, decimal Amount);
