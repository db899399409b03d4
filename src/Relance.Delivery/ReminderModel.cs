namespace Relance.Delivery;

/// <summary>
/// What a template can use. Scriban sees the members in snake_case (<c>customer_name</c>, <c>amount_due</c>…);
/// amounts and dates arrive already formatted for the customer's language, rounded to the cent here only.
/// </summary>
public sealed record ReminderModel(
    string CustomerName,
    string InvoiceNumber,
    string AmountDue,
    string Total,
    string DueDate,
    int DaysLate,
    string? PaymentLink,
    string SenderName,
    string SenderEmail)
{
    public string IssueDate { get; init; } = "";

    /// <summary>Late-payment interest accrued so far (formatted), "" when none applies.</summary>
    public string Interest { get; init; } = "";

    /// <summary>How the interest was computed: periods, days, rates and their basis.</summary>
    public IReadOnlyList<string> InterestBasis { get; init; } = [];

    /// <summary>The fixed recovery compensation (€40 in France, £40/£70/£100 in the UK), "" when none applies.</summary>
    public string Indemnity { get; init; } = "";

    /// <summary>Amount due + interest + indemnity.</summary>
    public string TotalClaimed { get; init; } = "";

    public bool HasPenalties { get; init; }

    /// <summary>The texts the amounts rest on (e.g. Code de commerce L441-10 and D441-5).</summary>
    public string LegalBasis { get; init; } = "";

    /// <summary>Deadline given in a formal notice (8 days from today).</summary>
    public string Deadline { get; init; } = "";

    public string Today { get; init; } = "";

    public string Tone { get; init; } = "";

    public string? PdfLink { get; init; }

    /// <summary>The debtor's postal address as printed lines (empty when the platform has none).</summary>
    public IReadOnlyList<string> CustomerAddress { get; init; } = [];

    /// <summary>The debtor's registration number (SIREN/SIRET), "" when unknown.</summary>
    public string CustomerRegistration { get; init; } = "";

    /// <summary>The person to address at the debtor, "" when unknown.</summary>
    public string CustomerContact { get; init; } = "";

    /// <summary>The debtor is a private person: no B2B penalties, no fixed indemnity.</summary>
    public bool Consumer { get; init; }

    /// <summary>
    /// Every invoice this message is about (one line each, the main invoice first). More than one when reminders to
    /// the same customer are grouped; templates list them.
    /// </summary>
    public IReadOnlyList<ReminderLine> Invoices { get; init; } = [];

    /// <summary>Sum of the amounts due of <see cref="Invoices"/>.</summary>
    public string TotalDue { get; init; } = "";

    /// <summary>The reminders actually sent earlier for this invoice, oldest first: texts cite them, never invent them.</summary>
    public IReadOnlyList<PreviousReminder> PreviousReminders { get; init; } = [];

    /// <summary>Nothing was sent before for this invoice: the text must not speak of earlier reminders.</summary>
    public bool IsFirstContact => PreviousReminders.Count == 0;

    /// <summary>
    /// How the message greets: the contact by name when the platform names one (or the person, for a private customer),
    /// else "Madame, Monsieur," / "Dear Sir or Madam," — never "Bonjour" followed by a company's name.
    /// </summary>
    public string Salutation { get; init; } = "Madame, Monsieur,";

    /// <summary>The creditor as a formal notice names it (letterhead, payment details, signatory).</summary>
    public LetterCreditor Creditor { get; init; } = LetterCreditor.Empty;

    /// <summary>"Paris, le 4 décembre 2026" / "London, 4 December 2026": place and date in words.</summary>
    public string PlaceAndDate { get; init; } = "";

    /// <summary>The letter is sent by registered mail with acknowledgement of receipt (LRAR, recorded delivery).</summary>
    public bool RegisteredMail { get; init; }

    /// <summary>Late-payment interest per further day of delay (formatted), "" when none runs.</summary>
    public string DailyInterest { get; init; } = "";

    /// <summary>Days given to pay in a formal notice (8 in France, 14 in the UK, 30 for a private debtor there).</summary>
    public int DeadlineDays { get; init; }

    /// <summary>
    /// Rendering the letter laid out in the PDF: the letterhead, addresses, place and date are drawn by the layout, so
    /// the template leaves them out of the text.
    /// </summary>
    public bool Letter { get; init; }
}

/// <summary>The creditor in a letter; "" for what the connection's <c>Company</c> section does not say.</summary>
public sealed record LetterCreditor(
    string Name,
    IReadOnlyList<string> Address,
    string Registration,
    string VatNumber,
    string Iban,
    string Bic,
    string Signatory,
    string SignatoryTitle)
{
    public static LetterCreditor Empty { get; } = new("", [], "", "", "", "", "", "");
}

/// <summary>A reminder sent earlier: its step, its date (formatted) and how it went (e-mail, platform, letter).</summary>
public sealed record PreviousReminder(string Step, string Date, string Channel);

/// <summary>
/// One invoice in a grouped reminder, with what is true of it alone: its own step (in words), its own late-payment
/// interest and fixed indemnity ("" when none applies, never a zero amount).
/// </summary>
public sealed record ReminderLine(string Number, string AmountDue, string DueDate, int DaysLate)
{
    public string Step { get; init; } = "";

    public string Interest { get; init; } = "";

    public string Indemnity { get; init; } = "";

    public string IssueDate { get; init; } = "";

    public string Total { get; init; } = "";

    /// <summary>How this invoice's interest was computed, one line per stretch (a formal notice lists them).</summary>
    public IReadOnlyList<string> InterestBasis { get; init; } = [];
}
