using Relance.Connectors;
using Relance.Simulators.QuickBooks;

namespace Relance.Connectors.QuickBooks.Tests;

public sealed class QuickBooksCustomerMappingTests
{
    [Fact]
    public async Task A_person_without_a_company_name_is_a_private_customer_and_the_bill_address_is_kept()
    {
        await using var fixture = await QuickBooksFixture.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = 6, ScheduledPaymentShare = 0 });
        var person = fixture.Simulator.Store.AddCustomer(new QbCustomer { Id = "501", DisplayName = "Jane Doe", GivenName = "Jane", FamilyName = "Doe", Email = "jane@doe.example", Country = "United Kingdom" });
        var firm = fixture.Simulator.Store.AddCustomer(new QbCustomer { Id = "502", DisplayName = "Doe & Co", CompanyName = "Doe & Co Ltd", Email = "ap@doe.example", Country = "United Kingdom" });
        fixture.Simulator.Store.CreateInvoice(person.Id, 120m, new DateOnly(2026, 2, 1));
        fixture.Simulator.Store.CreateInvoice(firm.Id, 480m, new DateOnly(2026, 2, 1));

        var customers = (await fixture.Connector().ReadAsync(null, CancellationToken.None).ToListAsync()).OfType<CustomerRecord>().ToDictionary(c => c.Customer.Id, c => c.Customer);

        Assert.Equal(CustomerKind.Individual, customers["501"].Kind);
        Assert.Equal("Jane Doe", customers["501"].ContactName);
        Assert.Equal(CustomerKind.Company, customers["502"].Kind);
        Assert.Equal(["1 High Street", "LS1 4AP Leeds", "GB"], customers["502"].Address!.ToLines());
    }
}
