using Relance.Simulators.Axonaut;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;

namespace Relance.Connector.Host.Demo;

/// <summary>A simulated company of the demo and the connection that reaches it.</summary>
internal sealed record DemoCompany(string Connection, string Connector, string SenderName, string SenderEmail, string Policy, int Invoices, int Seed, int DailyQuota = 0)
{
    public static IReadOnlyList<DemoCompany> All { get; } =
    [
        new("acme-pennylane", "pennylane", "ACME Conseil — comptabilité", "compta@acme-conseil.example", "default", 40, 1),
        new("bistrot-pennylane", "pennylane", "Le Bistrot Digital", "factures@bistrot-digital.example", "gentle", 16, 2),
        new("atelier-axonaut", "axonaut", "L'Atelier Durable", "compta@atelier-durable.example", "default", 24, 3),
        new("thistle-quickbooks", "quickbooks", "Thistle & Oak Ltd — Accounts", "accounts@thistle-oak.example", "default", 24, 4),
    ];

    public static IReadOnlyList<DemoCompany> For(DemoScenario scenario) => scenario switch
    {
        DemoScenario.Quota => [new("grande-axonaut", "axonaut", "Grande Maison Durable", "compta@grande-maison.example", "default", 3000, 5, DailyQuota: 30)],
        _ => All,
    };

    // Made-up companies with numbers whose check digits are right (SIREN by Luhn, IBAN by ISO 13616).
    private IEnumerable<(string Key, string Value)> Letterhead() => Connector == "quickbooks"
        ? [("LegalName", "Thistle & Oak Ltd"), ("Street", "14 Rose Street"), ("PostalCode", "EH2 2PR"), ("City", "Edinburgh"), ("Country", "GB"),
           ("RegistrationNumber", "SC123456"), ("VatNumber", "GB123456789"), ("Iban", "GB29NWBK60161331926819"), ("Bic", "NWBKGB2L"),
           ("Signatory", "Fiona Campbell"), ("SignatoryTitle", "Credit controller")]
        : [("LegalName", SenderName.Split(" — ")[0]), ("Street", "12 rue de la Paix"), ("PostalCode", "75002"), ("City", "Paris"), ("Country", "FR"),
           ("RegistrationNumber", "732 829 320"), ("VatNumber", "FR44732829320"), ("Iban", "FR7630006000011234567890189"), ("Bic", "BNPAFRPPXXX"),
           ("Signatory", "Claire Dubois"), ("SignatoryTitle", "Gérante")];

    /// <summary>Starts this company's simulator; returns it with the connection settings that reach it.</summary>
    public async Task<DemoPlatform> StartAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var prefix = $"Relance:Connections:{Connection}";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:Connector"] = Connector,
            [$"{prefix}:Policy"] = Policy,
            [$"{prefix}:TimeZone"] = "Europe/Paris",
            [$"{prefix}:Country"] = "FR",
            [$"{prefix}:Sender:Name"] = SenderName,
            [$"{prefix}:Sender:Email"] = SenderEmail,
        };

        // What a formal notice names: the demo's letters show every element a real one carries.
        foreach (var (key, value) in Letterhead())
        {
            settings[$"{prefix}:Company:{key}"] = value;
        }

        if (Connector == "quickbooks")
        {
            // A British company: English templates, UK statutory interest and bank holidays, London time.
            var quickbooks = await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = Invoices, Seed = Seed, RequestsPerMinute = 100_000 }, clock, seed: true, cancellationToken);
            var (_, refreshToken) = quickbooks.OAuth.IssueInitialTokens();
            settings[$"{prefix}:TimeZone"] = "Europe/London";
            settings[$"{prefix}:Calendar"] = "uk";
            settings[$"{prefix}:Country"] = "GB";
            settings[$"{prefix}:DefaultLanguage"] = "en";
            settings[$"{prefix}:Law:Jurisdiction"] = "UnitedKingdom";
            settings[$"{prefix}:Settings:RealmId"] = quickbooks.RealmId;
            settings[$"{prefix}:Settings:BaseAddress"] = quickbooks.Root.ToString();
            settings[$"{prefix}:Settings:TokenEndpoint"] = quickbooks.TokenEndpoint.ToString();
            settings[$"{prefix}:Settings:ClientId"] = quickbooks.Options.ClientId;
            settings[$"{prefix}:Settings:ClientSecret"] = quickbooks.Options.ClientSecret;
            settings[$"{prefix}:Settings:RefreshToken"] = refreshToken;

            // Intuit allows 500 requests a minute; 60 simulated days in seconds need more.
            settings[$"{prefix}:Settings:RequestsPerMinute"] = "10000";
            settings[$"{prefix}:Settings:RequestsPerSecond"] = "1000";
            return new DemoPlatform(this, quickbooks, settings, () => quickbooks.Store.Invoices.Sum(i => i.PrivateNote?.Split('\n').Count(l => l.Contains("[relance:", StringComparison.Ordinal)) ?? 0));
        }

        if (Connector == "axonaut")
        {
            var axonaut = await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { ApiKeys = [$"demo-{Connection}-key"], InvoiceCount = Invoices, Seed = Seed, DailyQuota = DailyQuota }, clock, seed: true, cancellationToken);
            settings[$"{prefix}:Settings:BaseAddress"] = axonaut.BaseAddress.ToString();
            settings[$"{prefix}:Settings:ApiKey"] = axonaut.ApiKey;
            settings[$"{prefix}:Settings:RequestsPerSecond"] = "1000";
            return new DemoPlatform(this, axonaut, settings, () => axonaut.Store.Events.Count) { Requests = () => axonaut.Store.Requests.Count };
        }

        // The demo relaxes the documented 25 requests / 5 s so that 60 simulated days fit in seconds.
        var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { Tokens = [$"demo-{Connection}-token"], InvoiceCount = Invoices, Seed = Seed, RateLimitPermits = 1000 }, clock, seed: true, cancellationToken);
        settings[$"{prefix}:Settings:BaseAddress"] = pennylane.BaseAddress.ToString();
        settings[$"{prefix}:Settings:Token"] = pennylane.Token;
        settings[$"{prefix}:Settings:RateLimitPermits"] = "1000";
        return new DemoPlatform(this, pennylane, settings, () => pennylane.Store.Comments.Count);
    }
}

/// <summary>A running simulator, the settings of its connection, and how many notes it received.</summary>
internal sealed record DemoPlatform(DemoCompany Company, IAsyncDisposable Simulator, IReadOnlyDictionary<string, string?> Settings, Func<int> NotesWritten)
{
    /// <summary>Requests the platform received, where the scenario counts them.</summary>
    public Func<int>? Requests { get; init; }
}
