using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relance.Connector.Host.Hosting;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Engine.Sync;
using Relance.Ledger;
using Relance.Simulators.Pennylane;

namespace Relance.Testing;

/// <summary>The real composition root with test settings: files in a temp folder, business time injected.</summary>
public sealed class RelanceTestHost : IDisposable
{
    private readonly IHost _host;

    private RelanceTestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public SyncService Sync => Services.GetRequiredService<SyncService>();

    public DunningService Dunning => Services.GetRequiredService<DunningService>();

    public IDunningLedger Ledger => Services.GetRequiredService<IDunningLedger>();

    /// <summary>Builds (and validates, like a start would) a host. Throws OptionsValidationException on bad config.</summary>
    public static async Task<RelanceTestHost> StartAsync(
        string dataDirectory,
        IDictionary<string, string?> settings,
        TimeProvider businessClock,
        bool scheduling = false,
        Action<IServiceCollection>? configure = null)
    {
        var host = Build(dataDirectory, settings, businessClock, scheduling, configure);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RelanceTestHost(host);
    }

    /// <summary>The same host, not started (what the CLI verbs build for themselves).</summary>
    public static IHost Build(
        string dataDirectory,
        IDictionary<string, string?> settings,
        TimeProvider businessClock,
        bool scheduling = false,
        Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Relance:DataDirectory"] = dataDirectory,
            ["Relance:PluginsDirectory"] = Path.Combine(dataDirectory, "plugins"),
            ["Relance:Delivery:OutboxDirectory"] = Path.Combine(dataDirectory, "outbox"),
            ["Relance:Ledger:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "ledger.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = RelanceHost.CreateBuilder([], all, scheduling);
        builder.Services.AddSingleton(new RelanceClock(businessClock));
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs a verb (<c>pending</c>, <c>approve</c>, <c>status</c>…) as the CLI does, on a host built like this one.</summary>
    public static Task<int> RunCliAsync(string dataDirectory, IDictionary<string, string?> settings, TimeProvider businessClock, params string[] args) =>
        Relance.Connector.Host.Cli.RelanceCli.Create(() => Build(dataDirectory, settings, businessClock)).Parse(args).InvokeAsync();

    /// <summary>Settings of a Pennylane connection to a simulator, with a sender and the given policy.</summary>
    public static Dictionary<string, string?> PennylaneConnection(string name, PennylaneSimulator simulator, string? token = null)
    {
        var prefix = $"Relance:Connections:{name}";
        return new Dictionary<string, string?>
        {
            [$"{prefix}:Connector"] = "pennylane",
            [$"{prefix}:Country"] = "FR",
            [$"{prefix}:TimeZone"] = "Europe/Paris",
            [$"{prefix}:Sender:Name"] = "ACME Compta",
            [$"{prefix}:Sender:Email"] = "compta@acme.example",
            [$"{prefix}:Settings:BaseAddress"] = simulator.BaseAddress.ToString(),
            [$"{prefix}:Settings:Token"] = token ?? simulator.Token,
        };
    }

    /// <summary>Settings of an Axonaut connection to a simulator.</summary>
    public static Dictionary<string, string?> AxonautConnection(string name, Relance.Simulators.Axonaut.AxonautSimulator simulator)
    {
        var prefix = $"Relance:Connections:{name}";
        return new Dictionary<string, string?>
        {
            [$"{prefix}:Connector"] = "axonaut",
            [$"{prefix}:Country"] = "FR",
            [$"{prefix}:TimeZone"] = "Europe/Paris",
            [$"{prefix}:Sender:Name"] = "ACME Compta",
            [$"{prefix}:Sender:Email"] = "compta@acme.example",
            [$"{prefix}:Settings:BaseAddress"] = simulator.BaseAddress.ToString(),
            [$"{prefix}:Settings:ApiKey"] = simulator.ApiKey,
            [$"{prefix}:Settings:RequestsPerSecond"] = "1000",
        };
    }

    /// <summary>Settings of a British QuickBooks connection to a simulator (English, UK law and holidays, London time).</summary>
    public static Dictionary<string, string?> QuickBooksConnection(string name, Relance.Simulators.QuickBooks.QuickBooksSimulator simulator, string? refreshToken)
    {
        var prefix = $"Relance:Connections:{name}";
        return new Dictionary<string, string?>
        {
            [$"{prefix}:Connector"] = "quickbooks",
            [$"{prefix}:TimeZone"] = "Europe/London",
            [$"{prefix}:Calendar"] = "uk",
            [$"{prefix}:DefaultLanguage"] = "en",
            [$"{prefix}:Law:Jurisdiction"] = "UnitedKingdom",
            [$"{prefix}:Sender:Name"] = "Thistle & Oak Accounts",
            [$"{prefix}:Sender:Email"] = "accounts@thistle-oak.example",
            [$"{prefix}:Settings:RealmId"] = simulator.RealmId,
            [$"{prefix}:Settings:BaseAddress"] = simulator.Root.ToString(),
            [$"{prefix}:Settings:TokenEndpoint"] = simulator.TokenEndpoint.ToString(),
            [$"{prefix}:Settings:AuthorizationEndpoint"] = simulator.AuthorizeEndpoint.ToString(),
            [$"{prefix}:Settings:ClientId"] = simulator.Options.ClientId,
            [$"{prefix}:Settings:ClientSecret"] = simulator.Options.ClientSecret,
            [$"{prefix}:Settings:RefreshToken"] = refreshToken,
            [$"{prefix}:Settings:WebhookVerifierToken"] = simulator.Options.WebhookVerifierToken,
        };
    }

    /// <summary>SMTP delivery to a test server.</summary>
    public static Dictionary<string, string?> Smtp(SmtpTestServer server) => new()
    {
        ["Relance:Delivery:Mode"] = "Smtp",
        ["Relance:Delivery:Smtp:Host"] = "127.0.0.1",
        ["Relance:Delivery:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Relance:Delivery:Smtp:Security"] = "None",
    };

    /// <summary>
    /// Steps already sent for an invoice by earlier runs, as the ledger of an account chased for a while holds them
    /// (a formal notice or a call is never a first contact).
    /// </summary>
    public async Task RecordSentAsync(string connection, string invoiceId, string customerId, DateTimeOffset at, params string[] steps)
    {
        foreach (var step in steps)
        {
            await Ledger.TryRecordAsync(new Relance.Ledger.ActionClaim(connection, invoiceId, customerId, step, "email", "earlier-run", at), Relance.Ledger.ActionState.Sent, "sent by an earlier run", CancellationToken.None);
        }
    }

    /// <summary>
    /// For every open invoice at least <paramref name="daysLate"/> days late on <paramref name="at"/>, records
    /// <paramref name="steps"/> as sent by earlier runs (a week before): an account Relance has been chasing for a while.
    /// </summary>
    public async Task RecordHistoryAsync(string connection, DateTimeOffset at, int daysLate, params string[] steps)
    {
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var stored in await Ledger.GetOpenInvoicesAsync(connection, CancellationToken.None))
        {
            if (stored.Invoice.DueDate is { } due && today.DayNumber - due.DayNumber >= daysLate)
            {
                await RecordSentAsync(connection, stored.Invoice.Id, stored.Invoice.CustomerId, at.AddDays(-7), steps);
            }
        }
    }

    public async Task StopAsync() => await _host.StopAsync();

    public void Dispose() => _host.Dispose();
}
