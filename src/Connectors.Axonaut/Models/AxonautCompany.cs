namespace Relance.Connectors.Axonaut.Models;

internal sealed record AxonautCompany(
    long Id,
    string? Name,
    string? Language,
    string? AddressCountry,
    IReadOnlyList<AxonautEmployee>? Employees,
    string? AddressStreet = null,
    string? AddressZipCode = null,
    string? AddressCity = null,
    string? Siret = null,
    [property: System.Text.Json.Serialization.JsonPropertyName("isB2C")] bool? IsB2C = null);

internal sealed record AxonautEmployee(long Id, string? Firstname, string? Lastname, string? Email, bool? IsBillingContact);
