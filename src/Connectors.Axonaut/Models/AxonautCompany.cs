namespace Relance.Connectors.Axonaut.Models;

internal sealed record AxonautCompany(long Id, string? Name, string? Language, string? AddressCountry, IReadOnlyList<AxonautEmployee>? Employees);

internal sealed record AxonautEmployee(long Id, string? Firstname, string? Lastname, string? Email, bool? IsBillingContact);
