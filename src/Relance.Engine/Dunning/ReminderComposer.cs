using System.Globalization;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Domain;
using Relance.Domain.Law;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;

namespace Relance.Engine.Dunning;

/// <summary>Builds the exact message of a step for an invoice on a day: model, late-payment charges, template, PDF.</summary>
public sealed class ReminderComposer(ReminderRenderer renderer)
{
    /// <summary>
    /// Days a formal notice gives to pay: 8 in France (the customary delay; the law sets none), 14 in a UK letter
    /// before action to a business, 30 to a private person (Pre-Action Protocol for Debt Claims).
    /// </summary>
    public static int DeadlineDays(LatePaymentTerms law)
    {
        ArgumentNullException.ThrowIfNull(law);
        return law.Jurisdiction == Jurisdiction.UnitedKingdom ? (law.BusinessToBusiness ? 14 : 30) : 8;
    }

    /// <param name="history">Steps actually sent earlier for this invoice (step, day, channel), oldest first.</param>
    /// <param name="groupSteps">Each grouped invoice's own step, by invoice id (a line is never shown at another's step).</param>
    public ComposedReminder Compose(Connection connection, Invoice invoice, Customer? customer, PolicyStep step, DateOnly today, IReadOnlyList<Invoice>? group = null, IReadOnlyList<(string Step, DateOnly On, string Channel)>? history = null, IReadOnlyDictionary<string, PolicyStep>? groupSteps = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(step);
        var language = renderer.ResolveLanguage(step.Template, customer?.Language ?? invoice.Language ?? connection.Options.DefaultLanguage);
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR");
        var dueDate = invoice.DueDate ?? today;
        var law = connection.LawFor(customer);
        var charges = LatePaymentLaw.Compute(invoice.AmountDue, dueDate, today, law, connection.Rates, invoice.Payments);
        var members = (group ?? [invoice]).Select(i => (Invoice: i, Charges: i == invoice ? charges : LatePaymentLaw.Compute(i.AmountDue, i.DueDate ?? today, today, law, connection.Rates, i.Payments))).ToList();
        var model = new ReminderModel(
            CustomerName: customer?.Name ?? invoice.CustomerId,
            InvoiceNumber: invoice.Number,
            AmountDue: Format(invoice.AmountDue, culture),
            Total: Format(invoice.Total, culture),
            DueDate: Date(dueDate, culture),
            DaysLate: Math.Max(0, today.DayNumber - dueDate.DayNumber),
            PaymentLink: invoice.PaymentLink?.ToString(),
            SenderName: connection.Options.Sender.Name,
            SenderEmail: connection.Options.Sender.Email)
        {
            IssueDate = Date(invoice.IssueDate, culture),
            HasPenalties = charges.IsPositive,
            Interest = Format(charges.Interest, culture),
            InterestBasis = BasisLines(charges, invoice, culture, language),
            Indemnity = Format(charges.FixedCompensation, culture),
            TotalClaimed = Claimed(members, culture),
            LegalBasis = LegalBasis(law, charges, language),
            CustomerAddress = customer?.Address?.ToLines() ?? [],
            CustomerRegistration = customer?.RegistrationNumber ?? "",
            CustomerContact = customer?.ContactName ?? "",
            Consumer = !law.BusinessToBusiness,
            Deadline = Date(today.AddDays(DeadlineDays(law)), culture),
            DeadlineDays = DeadlineDays(law),
            DailyInterest = members.Where(m => m.Invoice.Currency == invoice.Currency).Sum(m => m.Charges.DailyInterest) is > 0m and var daily ? Format(new Money(daily, invoice.AmountDue.Currency), culture) : "",
            Creditor = Creditor(connection),
            Salutation = Salutation(customer, law, language),
            PlaceAndDate = PlaceAndDate(connection.Options.Company, today, language),
            RegisteredMail = connection.Options.Company.RegisteredMail,
            Today = Date(today, culture),
            Tone = step.Tone.ToString().ToLowerInvariant(),
            PdfLink = invoice.PdfLink?.ToString(),
            Invoices = members.Select(m => Line(m.Invoice, groupSteps?.GetValueOrDefault(m.Invoice.Id) ?? step, m.Charges, today, culture, language)).ToList(),
            TotalDue = TotalDue(group ?? [invoice], culture),
            PreviousReminders = (history ?? []).Select(h => new PreviousReminder(h.Step, Date(h.On, culture), h.Channel)).ToList(),
        };
        var message = Typographic(renderer.Render(step.Template, language, model), language);
        IReadOnlyList<EmailAttachment> attachments = step.Channel == ReminderChannel.FormalNotice
            ? [new EmailAttachment($"{(language == "en" ? "letter-before-action" : "mise-en-demeure")}-{Safe(invoice.Number)}.pdf", "application/pdf", FormalNoticePdf.Render(Layout(connection, model with { Letter = true }, step, language)))]
            : [];
        return new ComposedReminder(message, attachments, charges);
    }

    /// <summary>The letter as the PDF lays it out: the head from the model, the text rendered without it.</summary>
    private FormalNoticeLayout Layout(Connection connection, ReminderModel model, PolicyStep step, string language)
    {
        var letter = Typographic(renderer.Render(step.Template, language, model), language);
        var creditor = model.Creditor;
        var letterhead = new List<string> { creditor.Name.Length > 0 ? creditor.Name : model.SenderName };
        letterhead.AddRange(creditor.Address);
        if (creditor.Registration.Length > 0)
        {
            letterhead.Add(language == "en" ? $"Company number {creditor.Registration}" : $"SIREN/SIRET {creditor.Registration}");
        }

        if (creditor.VatNumber.Length > 0)
        {
            letterhead.Add(language == "en" ? $"VAT {creditor.VatNumber}" : $"TVA intracommunautaire {creditor.VatNumber}");
        }

        letterhead.Add(model.SenderEmail);
        var recipient = new List<string> { model.CustomerName };
        if (model.CustomerContact.Length > 0)
        {
            recipient.Add(language == "en" ? $"For the attention of {model.CustomerContact}" : $"À l'attention de {model.CustomerContact}");
        }

        recipient.AddRange(model.CustomerAddress);
        return new FormalNoticeLayout(
            letter.Subject,
            letterhead[0],
            letterhead,
            recipient,
            model.PlaceAndDate,
            model.RegisteredMail ? (language == "en" ? "By recorded delivery" : "Lettre recommandée avec accusé de réception") : null,
            language == "en" ? letter.Subject : $"Objet\u00A0: {letter.Subject}",
            letter.Body);
    }

    private static RenderedMessage Typographic(RenderedMessage message, string language) =>
        language == "fr" ? new RenderedMessage(Typography.French(message.Subject), Typography.French(message.Body)) : message;

    private static string Salutation(Customer? customer, LatePaymentTerms law, string language)
    {
        var person = customer?.ContactName is { Length: > 0 } contact ? contact
            : customer is { Kind: CustomerKind.Individual } || (customer is not null && !law.BusinessToBusiness) ? customer?.Name
            : null;
        return (person, language) switch
        {
            (null, "en") => "Dear Sir or Madam,",
            (null, _) => "Madame, Monsieur,",
            (_, "en") => $"Dear {person},",
            _ => $"Bonjour {person},",
        };
    }

    private static LetterCreditor Creditor(Connection connection)
    {
        var company = connection.Options.Company;
        return new LetterCreditor(
            company.LegalName ?? connection.Options.Sender.Name,
            company.AddressLines(),
            company.RegistrationNumber?.Trim() ?? "",
            company.VatNumber?.Trim() ?? "",
            company.Iban is { } iban ? CompanyChecks.FormatIban(iban) : "",
            company.Bic?.Trim().ToUpperInvariant() ?? "",
            company.Signatory?.Trim() ?? "",
            company.SignatoryTitle?.Trim() ?? "");
    }

    /// <summary>"Paris, le 1er décembre 2026" / "London, 1 December 2026"; the date alone when no place is known.</summary>
    public static string PlaceAndDate(CompanyOptions company, DateOnly day, string language)
    {
        ArgumentNullException.ThrowIfNull(company);
        var place = (company.Place ?? company.City)?.Trim();
        if (language == "en")
        {
            var date = day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
            return string.IsNullOrEmpty(place) ? date : $"{place}, {date}";
        }

        var words = $"{(day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture))} {day.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))}";
        return string.IsNullOrEmpty(place) ? $"Le {words}" : $"{place}, le {words}";
    }

    /// <summary>A sample reminder, to check at start that every template renders (unknown variables fail there, not in a sent mail).</summary>
    public static ReminderModel Sample() => new("Dupont SARL", "F-2026-001", "1 234,56 EUR", "1 234,56 EUR", "31/03/2026", 12, "https://pay.example/1", "ACME", "compta@acme.example")
    {
        IssueDate = "01/03/2026",
        HasPenalties = true,
        Interest = "4,93 EUR",
        InterestBasis = ["du 01/04/2026 au 12/04/2026 : 12 jours à 12,15 %"],
        Indemnity = "40,00 EUR",
        TotalClaimed = "1 279,49 EUR",
        LegalBasis = "Code de commerce L441-10 et D441-5",
        Deadline = "20/04/2026",
        Today = "12/04/2026",
        Tone = "firm",
        PdfLink = "https://pdf.example/1",
        Invoices =
        [
            new("F-2026-001", "1 234,56 EUR", "31/03/2026", 12) { Step = "relance", Interest = "4,93 EUR", Indemnity = "40,00 EUR", IssueDate = "01/03/2026", Total = "1 234,56 EUR", InterestBasis = ["du 01/04/2026 au 12/04/2026 : 12 jours sur 1 234,56 EUR au taux de 12,15 % = 4,93 EUR"] },
            new("F-2026-007", "100,00 EUR", "05/04/2026", 7) { Step = "premier rappel", Interest = "0,23 EUR", Indemnity = "40,00 EUR" },
        ],
        TotalDue = "1 334,56 EUR",
        PreviousReminders = [new("friendly", "01/04/2026", "email")],
    };

    private static string Basis(InterestPeriod period, Money amountDue, CultureInfo culture, string language)
    {
        var rate = RateText(period, culture, language);
        var amount = period.Principal > 0m ? new Money(period.Principal, amountDue.Currency) : amountDue;
        return language == "en"
            ? string.Create(culture, $"{Date(period.From, culture)} to {Date(period.To, culture)}: {period.Days} days on {Format(amount, culture)} at {period.AnnualRatePercent:0.00} % ({rate}) = {Format(new Money(period.Interest, amount.Currency), culture)}")
            : string.Create(culture, $"du {Date(period.From, culture)} au {Date(period.To, culture)} : {period.Days} jours sur {Format(amount, culture)} au taux de {period.AnnualRatePercent:0.00} % ({rate}) = {Format(new Money(period.Interest, amount.Currency), culture)}");
    }

    private static string RateText(InterestPeriod period, CultureInfo culture, string language) => (period.Reference, language) switch
    {
        ("ecb", "en") => string.Create(culture, $"ECB main refinancing rate on {Date(period.ReferenceDate!.Value, culture)}, {period.ReferencePercent:0.00} %, + {period.Points:0} points"),
        ("ecb", _) => string.Create(culture, $"taux de refinancement de la BCE au {Date(period.ReferenceDate!.Value, culture)}, {period.ReferencePercent:0.00} %, + {period.Points:0} points"),
        ("boe", _) => string.Create(culture, $"Bank of England base rate on {Date(period.ReferenceDate!.Value, culture)}, {period.ReferencePercent:0.00} %, + {period.Points:0} points"),
        (_, "en") => "contractual rate",
        _ => "taux contractuel",
    };

    private static string LegalBasis(LatePaymentTerms law, LatePaymentCharges charges, string language)
    {
        if (!law.BusinessToBusiness && law.Jurisdiction == Jurisdiction.France && law.ContractRatePercent is null)
        {
            // A private debtor: no B2B penalty text; the notice itself makes legal interest run.
            return language == "en"
                ? "Under articles 1231-6 and 1344-1 of the French Civil Code, this formal notice makes interest at the legal rate run on the sum due"
                : "Conformément aux articles 1231-6 et 1344-1 du Code civil, la présente mise en demeure fait courir les intérêts au taux légal sur la somme due";
        }

        if (!charges.IsPositive)
        {
            return "";
        }

        return (law.Jurisdiction, language) switch
        {
            (Jurisdiction.France, "en") => "Late-payment interest under article L441-10 of the French Commercial Code and fixed compensation for recovery costs under article D441-5",
            (Jurisdiction.France, _) => "Pénalités de retard exigibles de plein droit dès le lendemain de la date d'échéance (article L441-10 du Code de commerce) et indemnité forfaitaire pour frais de recouvrement (article D441-5 du Code de commerce)",
            (Jurisdiction.UnitedKingdom, _) => "Statutory interest and fixed compensation under the Late Payment of Commercial Debts (Interest) Act 1998",
            (_, "en") => "Late-payment interest at the rate agreed in our terms of sale",
            _ => "Pénalités de retard au taux prévu par nos conditions générales de vente",
        };
    }

    private static ReminderLine Line(Invoice invoice, PolicyStep step, LatePaymentCharges charges, DateOnly today, CultureInfo culture, string language) =>
        new(invoice.Number, Format(invoice.AmountDue, culture), invoice.DueDate is { } due ? Date(due, culture) : "", invoice.DueDate is { } d ? Math.Max(0, today.DayNumber - d.DayNumber) : 0)
        {
            Step = StepWords(step.Tone, language),
            Interest = charges.Interest.Amount > 0m ? Format(charges.Interest, culture) : "",
            Indemnity = charges.FixedCompensation.Amount > 0m ? Format(charges.FixedCompensation, culture) : "",
            IssueDate = Date(invoice.IssueDate, culture),
            Total = Format(invoice.Total, culture),
            InterestBasis = BasisLines(charges, invoice, culture, language),
        };

    // Said in the letter when a part-payment's date is Relance's own observation rather than the platform's.
    private static List<string> BasisLines(LatePaymentCharges charges, Invoice invoice, CultureInfo culture, string language)
    {
        var lines = charges.Periods.Select(p => Basis(p, invoice.AmountDue, culture, language)).ToList();
        if (charges.Periods.Count > 1 && invoice.Payments?.Any(p => p.Observed) == true)
        {
            lines.Add(language == "en"
                ? "(part-payments dated on the last day our records showed the previous balance)"
                : "(paiements partiels datés au dernier jour où nos comptes montraient le solde précédent)");
        }

        return lines;
    }

    /// <summary>
    /// What a message claims: every invoice's balance and interest, in its currency, plus the fixed indemnities in
    /// theirs (€40 in euros, UK sums in pounds), each currency summed once: "1 234,56 € + £40.00".
    /// </summary>
    private static string Claimed(IReadOnlyList<(Invoice Invoice, LatePaymentCharges Charges)> members, CultureInfo culture) =>
        string.Join(" + ", members
            .SelectMany(m => new[] { m.Invoice.AmountDue, m.Charges.Interest, m.Charges.FixedCompensation })
            .Where(m => m.Amount != 0m || m.Currency == members[0].Invoice.Currency)
            .GroupBy(m => m.Currency)
            .OrderBy(g => g.Key == members[0].Invoice.Currency ? 0 : 1)
            .Select(g => Format(new Money(g.Sum(m => m.Amount), g.Key), culture)));

    /// <summary>Where an invoice stands in the escalation, in the customer's words.</summary>
    private static string StepWords(Tone tone, string language) => (tone, language) switch
    {
        (Tone.Courteous, "en") => "notice before the due date",
        (Tone.Friendly, "en") => "first reminder",
        (Tone.Firm, "en") => "reminder",
        (Tone.Final, "en") => "final reminder",
        (Tone.Formal, "en") => "formal notice",
        (Tone.Courteous, _) => "avis avant échéance",
        (Tone.Friendly, _) => "premier rappel",
        (Tone.Firm, _) => "relance",
        (Tone.Final, _) => "dernière relance",
        (Tone.Formal, _) => "mise en demeure",
        _ => "",
    };

    // Amounts in several currencies are listed per currency rather than added up.
    private static string TotalDue(IReadOnlyList<Invoice> invoices, CultureInfo culture) =>
        string.Join(" + ", invoices.GroupBy(i => i.Currency).Select(g => Format(g.Select(i => i.AmountDue).Aggregate((a, b) => a.Add(b)), culture)));

    // Rounded to the cent only here, at presentation.
    /// <summary>An amount for people: rounded to the cent here only, in the culture's digits, then the currency.</summary>
    internal static string Format(Money money, CultureInfo culture) => Typography.Money(money, culture);

    private static string Date(DateOnly date, CultureInfo culture) => date.ToString(culture.DateTimeFormat.ShortDatePattern, culture);

    /// <summary>
    /// An invoice number made fit for a file name whatever the platform sent: ASCII letters, digits, '-' and '_' only
    /// (no separator, no "..", no control character), at most 60 characters.
    /// </summary>
    internal static string Safe(string number) => new([.. number.Take(60).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
