using Bogus;

namespace Relance.Simulators.Pennylane;

/// <summary>Realistic French receivables: invoices in every state, a few foreign currencies, payments to come.</summary>
public static class PennylaneSeeder
{
    public static void Seed(PennylaneSimulatorStore store, PennylaneSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var faker = new Faker("fr") { Random = new Randomizer(options.Seed) };
        var now = store.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var customerCount = Math.Max(3, options.InvoiceCount / 4);
        for (var c = 0; c < customerCount; c++)
        {
            var name = faker.Company.CompanyName();
            var domain = Slug(name) + "." + faker.PickRandom("fr", "com", "eu");
            var english = faker.Random.Double() < 0.2;
            store.AddCustomer(
                new SimCustomer
                {
                    Id = 501 + c,
                    Name = name,
                    Emails = faker.Random.Bool(0.3f) ? [$"compta@{domain}", $"{Slug(faker.Name.FirstName())}@{domain}"] : [$"compta@{domain}"],
                    BillingLanguage = english ? "en_GB" : "fr_FR",
                    CountryAlpha2 = english ? faker.PickRandom("GB", "IE", "BE") : "FR",
                    City = faker.Address.City(),
                },
                now.AddDays(-400));
        }

        for (var i = 0; i < options.InvoiceCount; i++)
        {
            var id = 1001 + i;
            var roll = faker.Random.Double();
            var currency = faker.Random.Double() switch { < 0.05 => "USD", < 0.10 => "GBP", _ => "EUR" };
            var total = Math.Round(faker.Random.Decimal(120m, 18_000m), 2);

            // Due dates from 120 days late to 45 days ahead, so the demo's 60 days cross every step.
            var deadline = today.AddDays(roll < 0.3 ? faker.Random.Int(0, 45) : -faker.Random.Int(1, 120));
            var date = deadline.AddDays(-30);
            var invoice = new SimInvoice
            {
                Id = id,
                Number = $"F-{date.Year}-{id:D5}",
                CustomerId = 501 + faker.Random.Int(0, customerCount - 1),
                Date = date,
                Deadline = deadline,
                Currency = currency,
                Total = total,
                Remaining = total,
            };
            invoice.Language = store.FindCustomer(invoice.CustomerId)!.BillingLanguage;

            switch (roll)
            {
                case >= 0.30 and < 0.40:
                    invoice.Remaining = 0m;
                    break;
                case >= 0.40 and < 0.45:
                    invoice.CreditNote = true;
                    invoice.Total = -total;
                    invoice.Remaining = 0m;
                    invoice.Number = $"AV-{date.Year}-{id:D5}";
                    break;
                case >= 0.45 and < 0.48:
                    invoice.Cancelled = true;
                    break;
                case >= 0.48 and < 0.50:
                    invoice.Draft = true;
                    break;
                case >= 0.50 and < 0.60:
                    invoice.Remaining = Math.Round(total * faker.Random.Decimal(0.2m, 0.8m), 2);
                    break;
            }

            var created = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            store.AddInvoice(invoice, created < now ? created : now);

            if (invoice.Remaining > 0m && !invoice.Draft && !invoice.Cancelled && faker.Random.Double() < options.ScheduledPaymentShare)
            {
                var amount = faker.Random.Bool(0.75f) ? invoice.Remaining : Math.Round(invoice.Remaining / 2, 2);
                store.SchedulePayment(new SimScheduledPayment(id, now.AddDays(faker.Random.Int(1, 60)).AddMinutes(faker.Random.Int(0, 600)), amount));
            }
        }
    }

    private static string Slug(string text)
    {
        var slug = new string(text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9').ToArray());
        return slug.Length == 0 ? "client" : slug[..Math.Min(20, slug.Length)];
    }
}
