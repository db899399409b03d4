namespace Relance.Simulators.QuickBooks;

/// <summary>A QuickBooks customer as the simulator holds it.</summary>
public sealed class QbCustomer
{
    public required string Id { get; init; }

    public int SyncToken { get; set; }

    public required string DisplayName { get; set; }

    public string? CompanyName { get; set; }

    /// <summary>A person's name (a private customer when there is no CompanyName).</summary>
    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    /// <summary><c>PrimaryEmailAddr.Address</c>; may hold several comma-separated addresses, or none.</summary>
    public string? Email { get; set; }

    /// <summary><c>BillAddr.Country</c>, free text as users type it ("UK", "United Kingdom", "USA"...).</summary>
    public string? Country { get; set; }

    public string Currency { get; set; } = "GBP";

    public bool Active { get; set; } = true;

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}

/// <summary>A QuickBooks invoice as the simulator holds it.</summary>
public sealed class QbInvoice
{
    public required string Id { get; init; }

    public int SyncToken { get; set; }

    public string? DocNumber { get; set; }

    public required string CustomerId { get; set; }

    public DateOnly TxnDate { get; set; }

    public DateOnly? DueDate { get; set; }

    public string Currency { get; set; } = "GBP";

    public decimal TotalAmt { get; set; }

    public decimal Balance { get; set; }

    public string? PrivateNote { get; set; }

    public string EmailStatus { get; set; } = "NotSet";

    public string? BillEmail { get; set; }

    public DateTimeOffset? DeliveryTime { get; set; }

    /// <summary>QuickBooks Payments is on for this invoice: <c>include=invoiceLink</c> returns a link.</summary>
    public bool OnlinePayment { get; set; } = true;

    public bool Voided { get; set; }

    public bool Deleted { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}

/// <summary>A payment applied to one invoice.</summary>
public sealed record QbPayment(string Id, string CustomerId, string InvoiceId, decimal Amount, DateOnly TxnDate, DateTimeOffset LastUpdated);

/// <summary>One request the simulator answered (for assertions on call patterns).</summary>
public sealed record QbRequest(string Method, string Path, string Query, int Status, string? Realm, DateTimeOffset At);

/// <summary>An invoice e-mailed by QuickBooks through <c>/invoice/{id}/send</c>.</summary>
public sealed record QbSentEmail(string InvoiceId, string To, DateTimeOffset At);

/// <summary>A change a webhook would notify.</summary>
public sealed record QbChange(string Entity, string Id, string Operation, DateTimeOffset At);
