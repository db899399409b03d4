namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylaneCustomer(
    long Id,
    string? Name,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string>? Emails,
    string? BillingLanguage,
    PennylaneAddress? BillingAddress,
    string? Notes,
    string? CustomerType = null,
    string? RegNo = null,
    string? Recipient = null);

internal sealed record PennylaneAddress(string? Address, string? PostalCode, string? City, string? CountryAlpha2);
