namespace Relance.Connectors;

/// <summary>The party an invoice is addressed to.</summary>
/// <param name="Id">The platform identifier.</param>
/// <param name="BillingEmails">Addresses to send reminders to, most relevant first.</param>
/// <param name="Language">Two-letter language code (fr, en, de...), when the platform knows it.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code, when the platform knows it.</param>
/// <param name="Kind">Business or private person, when the platform tells (it decides the late-payment law).</param>
/// <param name="Address">The postal billing address, for the formal notice letter.</param>
/// <param name="RegistrationNumber">The company's registration number (SIREN/SIRET, Companies House), when known.</param>
/// <param name="ContactName">The person to address (billing contact first), when the platform names one.</param>
public sealed record Customer(
    string Id,
    string Name,
    IReadOnlyList<string> BillingEmails,
    string? Language = null,
    string? Country = null,
    IReadOnlyList<string>? Tags = null,
    CustomerKind Kind = CustomerKind.Unknown,
    PostalAddress? Address = null,
    string? RegistrationNumber = null,
    string? ContactName = null);
