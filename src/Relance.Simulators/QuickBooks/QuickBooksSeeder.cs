using System.Globalization;
using Bogus;

namespace Relance.Simulators.QuickBooks;

/// <summary>
/// British small businesses with a few Irish ones (or, for a US company, American ones with a few Canadian): customers typed as QuickBooks users type them (country as
/// free text, some without e-mail, one with two addresses), invoices paid, part-paid, overdue, not yet due, voided.
/// </summary>
public static class QuickBooksSeeder
{
    public static void Seed(QuickBooksSimulatorStore store, QuickBooksSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var american = options.Country == "US";
        var faker = new Faker(american ? "en_US" : "en_GB") { Random = new Randomizer(options.Seed) };
        var now = store.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var customers = Math.Max(3, options.InvoiceCount / 3);
        for (var c = 0; c < customers; c++)
        {
            var company = faker.Company.CompanyName().Replace(",", "", StringComparison.Ordinal);
            var foreign = c % 9 == 4;
            var domain = new string(company.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) + (american ? (foreign ? ".ca" : ".com") : foreign ? ".ie" : ".co.uk");
            var first = faker.Name.FirstName();
            var email = c % 7 == 3 ? null : $"accounts@{domain}";
            if (c % 11 == 5)
            {
                email += $", {first.ToLowerInvariant()}@{domain}";
            }

            store.AddCustomer(
                new QbCustomer
                {
                    Id = (c + 1).ToString(CultureInfo.InvariantCulture),
                    DisplayName = company,
                    CompanyName = company,
                    Email = email,
                    Country = american
                        ? foreign ? "Canada" : faker.PickRandom("USA", "United States", "US", null)
                        : foreign ? "Ireland" : faker.PickRandom("UK", "United Kingdom", "GB", "England", null),
                    Currency = foreign ? (american ? "CAD" : "EUR") : options.HomeCurrency,
                },
                now.AddDays(-200));
        }

        for (var i = 0; i < options.InvoiceCount; i++)
        {
            var roll = faker.Random.Double();
            var due = today.AddDays(roll < 0.3 ? faker.Random.Int(0, 40) : -faker.Random.Int(1, 100));
            var total = Math.Round(faker.Random.Decimal(120m, 9_000m), 2);
            var customer = store.Customers[faker.Random.Int(0, customers - 1)];
            var invoice = new QbInvoice
            {
                Id = (130 + i).ToString(CultureInfo.InvariantCulture),
                DocNumber = (1001 + i).ToString(CultureInfo.InvariantCulture),
                CustomerId = customer.Id,
                TxnDate = due.AddDays(-30),
                DueDate = due,
                Currency = customer.Currency,
                TotalAmt = total,
                Balance = total,
                OnlinePayment = i % 4 != 1,
                PrivateNote = i % 5 == 2 ? "PO 4471 - deliver to site office" : null,

                // Some customers have no e-mail of their own, but their invoices were e-mailed to someone.
                BillEmail = customer.Email is null && i % 2 == 0 ? $"ap@{new string(customer.DisplayName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray())}.co.uk" : null,
            };
            if (roll is >= 0.30 and < 0.40)
            {
                invoice.Balance = 0m;
            }
            else if (roll is >= 0.40 and < 0.50)
            {
                invoice.Balance = Math.Round(total * 0.6m, 2);
            }
            else if (roll is >= 0.50 and < 0.53)
            {
                invoice.Voided = true;
                invoice.TotalAmt = invoice.Balance = 0m;
                invoice.PrivateNote = "Voided";
            }

            var created = new DateTimeOffset(invoice.TxnDate.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            store.AddInvoice(invoice, created < now ? created : now);
            if (!invoice.Voided && invoice.Balance < invoice.TotalAmt)
            {
                // A lower balance is a payment in QuickBooks: a Payment entity the invoice links to, dated.
                var paidOn = invoice.Balance == 0m ? due.AddDays(-2) : due.AddDays(3);
                store.SeedPayment(invoice.Id, invoice.TotalAmt - invoice.Balance, paidOn < today ? paidOn : today);
            }
            if (invoice.Balance > 0m && faker.Random.Double() < options.ScheduledPaymentShare)
            {
                store.SchedulePayment(invoice.Id, now.AddDays(faker.Random.Int(1, 60)).AddMinutes(faker.Random.Int(0, 600)), invoice.Balance);
            }
        }
    }
}
