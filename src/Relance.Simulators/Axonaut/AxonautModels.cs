namespace Relance.Simulators.Axonaut;

/// <summary>A company (customer) with its contacts ("employees").</summary>
public sealed class AxCompany
{
    /// <summary>A private customer (Axonaut's B2C company: its name is its one employee's).</summary>
    public bool IsB2C { get; set; }

    public string? Siret { get; set; } = "55210055400013";

    public long Id { get; init; }
    public required string Name { get; set; }
    public string Language { get; set; } = "fr";
    public string Country { get; set; } = "France";
    public List<AxEmployee> Employees { get; } = [];
}

public sealed record AxEmployee(long Id, string Firstname, string Lastname, string? Email, bool IsBillingContact);

/// <summary>An invoice; a credit note is an invoice with a negative total.</summary>
public sealed class AxInvoice
{
    public long Id { get; init; }
    public required string Number { get; set; }
    public long CompanyId { get; set; }
    public DateOnly Date { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Total { get; set; }
    public decimal Paid { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateTimeOffset LastUpdate { get; set; }

    /// <summary>When true, <c>outstanding_amount</c> is sent as null (clients must fall back to total − payments).</summary>
    public bool HideOutstanding { get; set; }

    /// <summary>How dates are written: 0 epoch number, 1 numeric string, 2 ISO-8601 string.</summary>
    public int DateStyle { get; set; }

    public decimal Outstanding => Total < 0 ? 0m : Math.Max(0m, Total - Paid);

    public DateOnly? PaidDate { get; set; }
}

public sealed record AxPayment(long Id, long InvoiceId, decimal Amount, DateOnly Date);

public sealed record AxEvent(long Id, long CompanyId, int Nature, string Title, string Content, DateTimeOffset Date, IReadOnlyList<long> InvoiceIds)
{
    public bool Sent { get; set; }
}

public sealed record AxRequest(string Method, string PathAndQuery, string? Page, int Status);
