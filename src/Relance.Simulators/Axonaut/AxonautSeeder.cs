using Bogus;

namespace Relance.Simulators.Axonaut;

/// <summary>French SMEs with several contacts each; invoices in every state, credit notes as negative totals.</summary>
public static class AxonautSeeder
{
    public static void Seed(AxonautSimulatorStore store, AxonautSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var faker = new Faker("fr") { Random = new Randomizer(options.Seed) };
        var now = store.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var companies = Math.Max(3, options.InvoiceCount / 3);
        var employeeId = 7000L;
        for (var c = 0; c < companies; c++)
        {
            var company = new AxCompany { Id = 3001 + c, Name = $"{faker.Name.LastName()} {faker.PickRandom("SARL", "SAS", "EURL", "SA")}" };
            var domain = new string(company.Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) + ".fr";
            var contacts = faker.Random.Int(1, 3);
            var billing = faker.Random.Int(-1, contacts - 1);
            for (var e = 0; e < contacts; e++)
            {
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                var email = e == 0 && faker.Random.Bool(0.2f) ? null : $"{Slug(first)}.{Slug(last)}@{domain}";
                company.Employees.Add(new AxEmployee(employeeId++, first, last, email, e == billing));
            }

            store.AddCompany(company);
        }

        for (var i = 0; i < options.InvoiceCount; i++)
        {
            var roll = faker.Random.Double();
            var due = today.AddDays(roll < 0.3 ? faker.Random.Int(0, 40) : -faker.Random.Int(1, 100));
            var total = Math.Round(faker.Random.Decimal(150m, 12_000m), 2);
            var invoice = new AxInvoice
            {
                Id = 50_001 + i,
                Number = $"FAC{due.Year}-{due.Month:D2}-{i + 1:D5}",
                CompanyId = 3001 + faker.Random.Int(0, companies - 1),
                Date = due.AddDays(-30),
                DueDate = due,
                Total = total,
                DateStyle = i % 3,
                HideOutstanding = i % 7 == 3,
            };
            if (roll is >= 0.40 and < 0.47)
            {
                invoice.Total = -total;
                invoice.Number = $"AV{due.Year}-{i + 1:D5}";
            }

            var created = new DateTimeOffset(invoice.Date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            store.AddInvoice(invoice, created < now ? created : now);
            if (roll is >= 0.30 and < 0.40)
            {
                store.SeedPayment(invoice.Id, total, due.AddDays(-2));
            }
            else if (roll is >= 0.47 and < 0.57)
            {
                store.SeedPayment(invoice.Id, Math.Round(total * 0.4m, 2), due.AddDays(2));
            }
            if (invoice.Outstanding > 0m && faker.Random.Double() < options.ScheduledPaymentShare)
            {
                store.SchedulePayment(invoice.Id, now.AddDays(faker.Random.Int(1, 60)).AddMinutes(faker.Random.Int(0, 600)), invoice.Outstanding);
            }
        }
    }

    private static string Slug(string text) =>
        new(text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterLower).ToArray());
}
