using System.Text.Json.Serialization;
using Relance.Connectors.Http;

namespace Relance.Connectors.QuickBooks.Models;

// QuickBooks JSON is PascalCase with a few lowercase fields (domain, sparse, value, code); only what Relance reads.
internal sealed record QbRef([property: JsonPropertyName("value")] string? Value, [property: JsonPropertyName("name")] string? Name = null);

internal sealed record QbEmail(string? Address);

internal sealed record QbMetaData(string? CreateTime, string? LastUpdatedTime);

internal sealed record QbAddress(
    string? Country,
    string? CountrySubDivisionCode = null,
    string? Line1 = null,
    string? Line2 = null,
    string? Line3 = null,
    string? City = null,
    string? PostalCode = null);

internal sealed record QbInvoice(
    string Id,
    string? SyncToken,
    string? DocNumber,
    string? TxnDate,
    string? DueDate,
    QbRef? CustomerRef,
    QbRef? CurrencyRef,
    decimal? TotalAmt,
    decimal? Balance,
    string? PrivateNote,
    string? EmailStatus,
    QbEmail? BillEmail,
    string? InvoiceLink,
    QbMetaData? MetaData,
    [property: JsonPropertyName("status")] string? Status = null,
    List<QbLinkedTxn>? LinkedTxn = null);

internal sealed record QbCustomer(
    string Id,
    string? DisplayName,
    string? CompanyName,
    QbEmail? PrimaryEmailAddr,
    string? GivenName,
    string? FamilyName,
    QbAddress? BillAddr,
    bool? Active,
    QbMetaData? MetaData,
    [property: JsonPropertyName("status")] string? Status = null);

internal sealed record QbLinkedTxn(string? TxnId, string? TxnType);

internal sealed record QbPaymentLine(List<QbLinkedTxn>? LinkedTxn, decimal? Amount = null);

internal sealed record QbPayment(string Id, List<QbPaymentLine>? Line, [property: JsonPropertyName("status")] string? Status = null, string? TxnDate = null);

internal sealed record QbQueryResponse(
    LenientList<QbInvoice>? Invoice,
    LenientList<QbCustomer>? Customer,
    LenientList<QbPayment>? Payment,
    [property: JsonPropertyName("startPosition")] int? StartPosition,
    [property: JsonPropertyName("maxResults")] int? MaxResults,
    [property: JsonPropertyName("totalCount")] int? TotalCount)
{
    public int Count => (Invoice?.Count ?? 0) + (Customer?.Count ?? 0) + (Payment?.Count ?? 0);

    /// <summary>Records of the answer whose JSON did not fit, by entity.</summary>
    public IEnumerable<(string Kind, UnreadableRecord Record)> Unreadable =>
        (Invoice?.Unreadable ?? []).Select(u => ("invoice", u))
            .Concat((Customer?.Unreadable ?? []).Select(u => ("customer", u)))
            .Concat((Payment?.Unreadable ?? []).Select(u => ("payment", u)));
}

internal sealed record QbQueryEnvelope(QbQueryResponse? QueryResponse, [property: JsonPropertyName("time")] string? Time);

internal sealed record QbCdcResponse(List<QbQueryResponse>? QueryResponse);

internal sealed record QbCdcEnvelope(List<QbCdcResponse>? CDCResponse, [property: JsonPropertyName("time")] string? Time);

internal sealed record QbInvoiceEnvelope(QbInvoice? Invoice, [property: JsonPropertyName("time")] string? Time);

internal sealed record QbCompanyInfo(string? CompanyName, string? Country);

internal sealed record QbCompanyInfoEnvelope(QbCompanyInfo? CompanyInfo);

/// <summary>A sparse update touching only the private note.</summary>
internal sealed record QbNoteUpdate(
    string Id,
    string SyncToken,
    [property: JsonPropertyName("sparse")] bool Sparse,
    string PrivateNote);
