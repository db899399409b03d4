namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylaneCustomer(
    long Id,
    string? Name,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string>? Emails,
    string? BillingLanguage,
    PennylaneAddress? BillingAddress,
    string? Notes);

internal sealed record PennylaneAddress(string? Address, string? PostalCode, string? City, string? CountryAlpha2);
