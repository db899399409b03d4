using System.Text.Json.Serialization;

namespace Relance.Connectors.Axonaut.Models;

internal sealed record AxonautEvent(long Id, string? Title, string? Content);

internal sealed record AxonautEventRequest(
    [property: JsonPropertyName("company_id")] long CompanyId,
    string Title,
    string Content,
    int Nature,
    string Date,
    [property: JsonPropertyName("is_done")] bool IsDone,
    AxonautAttachments? Attachments);

internal sealed record AxonautAttachments([property: JsonPropertyName("invoices_ids")] IReadOnlyList<long> InvoicesIds);
