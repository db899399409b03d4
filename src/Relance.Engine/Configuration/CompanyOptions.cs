namespace Relance.Engine.Configuration;

/// <summary>
/// <c>Relance:Connections:{name}:Company</c>: the creditor as a formal notice must name it — letterhead, where to pay,
/// who signs. Each value is optional; what is missing is left out of the letter (and <c>relance validate</c> says so).
/// </summary>
public sealed class CompanyOptions
{
    /// <summary>The legal name on the letterhead. <value>The default value is the sender's name.</value></summary>
    public string? LegalName { get; set; }

    /// <summary>Street line(s) of the registered address; several lines separated by a line break.</summary>
    public string? Street { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    /// <summary>Two-letter country code of the address; printed when it differs from the debtor's.</summary>
    public string? Country { get; set; }

    /// <summary>SIREN (9 digits) or SIRET (14 digits) in France, company number in the UK.</summary>
    public string? RegistrationNumber { get; set; }

    /// <summary>Intra-community VAT number.</summary>
    public string? VatNumber { get; set; }

    /// <summary>Where to pay by transfer; checked (ISO 13616 check digits) at start.</summary>
    public string? Iban { get; set; }

    public string? Bic { get; set; }

    /// <summary>Who signs the formal notice (a person, not a mailbox).</summary>
    public string? Signatory { get; set; }

    /// <summary>The signatory's title, e.g. "Gérante" or "Credit controller".</summary>
    public string? SignatoryTitle { get; set; }

    /// <summary>The place in "Paris, le 4 décembre 2026". <value>The default value is <see cref="City"/>.</value></summary>
    public string? Place { get; set; }

    /// <summary>
    /// The letter says it is sent by registered mail with acknowledgement of receipt (LRAR / recorded delivery): print
    /// it and post it that way. <value>The default value is true.</value>
    /// </summary>
    public bool RegisteredMail { get; set; } = true;

    /// <summary>The address as printed lines.</summary>
    public IReadOnlyList<string> AddressLines()
    {
        var lines = (Street ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var town = string.Join(' ', new[] { PostalCode, City }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        if (town.Length > 0)
        {
            lines.Add(town);
        }

        return lines;
    }
}
