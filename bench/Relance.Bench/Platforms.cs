using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Relance.Simulators.Axonaut;
using Relance.Simulators.Hosting;
using Relance.Simulators.Pennylane;
using Relance.Simulators.QuickBooks;

namespace Relance.Bench;

/// <summary>
/// One platform's simulator with its documented limits on (time compressed by <c>scale</c>), the connection settings
/// Relance runs it with, and a bare client: an <see cref="HttpClient"/> that knows the data in advance and makes only the
/// requests the API forces, paced to the same limit. Its request count is the minimum the ratios divide by.
/// </summary>
internal abstract class PlatformBench : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>The limit Relance must stay under, as documented (before time compression).</summary>
    public abstract string LimitText { get; }

    /// <summary>The binding limit, time-compressed: requests per window.</summary>
    public abstract (int Count, TimeSpan Window) Limit { get; }

    /// <summary>Records per page of the change read, for the incremental target (changed / page + 1).</summary>
    public abstract int ChangePage { get; }

    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public abstract IReadOnlyList<RecordedRequest> Journal { get; }

    public abstract void ClearJournal();

    /// <summary>Makes the minimum requests of a full read; returns how many.</summary>
    public abstract Task<int> BareFullReadAsync(CancellationToken cancellationToken);

    /// <summary>Pays 1 % of the open invoices (half in full, half in part); returns how many changed.</summary>
    public abstract int PayOnePercent();

    public abstract ValueTask DisposeAsync();

    protected static HttpClient Http(Uri baseAddress, Action<HttpRequestHeaders> headers)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        headers(http.DefaultRequestHeaders);
        return http;
    }

    protected static async Task<JsonDocument> GetJsonAsync(HttpClient http, SlidingLog pace, string uri, CancellationToken cancellationToken, int? page = null)
    {
        await pace.WaitAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (page is { } p)
        {
            request.Headers.Add("page", p.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            // Counted by the journal, never in the minimum: the bare client waits a window and asks again.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            return await GetJsonAsync(http, pace, uri, cancellationToken, page);
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }
}

internal sealed class PennylaneBench(PennylaneSimulator simulator, int scale) : PlatformBench
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task<PlatformBench> StartAsync(int invoices, int scale, TimeSpan latency, SimulatedClock clock) =>
        new PennylaneBench(await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { InvoiceCount = invoices, ScheduledPaymentShare = 0, RateLimitPermits = 25, RateLimitWindow = Window / scale, Latency = latency }, clock), scale);

    public override string Name => "Pennylane";

    public override string LimitText => "25 req / 5 s / token";

    public override (int Count, TimeSpan Window) Limit => (25, Window / scale);

    public override int ChangePage => 100;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connector"] = "pennylane",
        ["Settings:BaseAddress"] = simulator.BaseAddress.ToString(),
        ["Settings:Token"] = simulator.Token,
        ["Settings:RateLimitPermits"] = "25",
        ["Settings:RateLimitWindow"] = (Window / scale).ToString("c", CultureInfo.InvariantCulture),
    };

    public override IReadOnlyList<RecordedRequest> Journal => simulator.Journal.Requests;

    public override void ClearJournal() => simulator.Journal.Clear();

    public override async Task<int> BareFullReadAsync(CancellationToken cancellationToken)
    {
        using var http = Http(simulator.BaseAddress, h => h.Authorization = new AuthenticationHeaderValue("Bearer", simulator.Token));
        var pace = new SlidingLog([Limit]);
        var requests = 0;
        var filter = Uri.EscapeDataString("""[{"field":"draft","operator":"eq","value":false},{"field":"credit_note","operator":"eq","value":false}]""");
        string? cursor = null;
        do
        {
            using var page = await GetJsonAsync(http, pace, $"customer_invoices?limit=100&filter={filter}&sort=id{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", cancellationToken);
            requests++;
            cursor = page.RootElement.GetProperty("has_more").GetBoolean() ? page.RootElement.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);

        var customers = simulator.Store.Invoices.Where(i => !i.Draft && !i.CreditNote && !i.Cancelled && i.Remaining > 0m).Select(i => i.CustomerId).Distinct().Order();
        foreach (var batch in customers.Chunk(100))
        {
            var ids = Uri.EscapeDataString(JsonSerializer.Serialize(new[] { new { field = "id", @operator = "in", value = batch.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray() } }));
            using var page = await GetJsonAsync(http, pace, $"customers?limit=100&filter={ids}", cancellationToken);
            requests++;
        }

        return requests;
    }

    public override int PayOnePercent()
    {
        var open = simulator.Store.Invoices.Where(i => !i.Draft && !i.CreditNote && !i.Cancelled && i.Remaining > 1m).ToList();
        var paid = open.Where((_, n) => n % 100 == 0).ToList();
        for (var n = 0; n < paid.Count; n++)
        {
            simulator.Store.Pay(paid[n].Id, n % 2 == 0 ? null : 1m);
        }

        return paid.Count;
    }

    public override ValueTask DisposeAsync() => simulator.DisposeAsync();
}

internal sealed class QuickBooksBench(QuickBooksSimulator simulator, int scale) : PlatformBench
{
    // Issued when the bare client starts, after the clock has moved past the seed: an access token lives an hour.
    private (string Access, string Refresh) _tokens;

    public static async Task<PlatformBench> StartAsync(int invoices, int scale, TimeSpan latency, SimulatedClock clock) =>
        new QuickBooksBench(await QuickBooksSimulator.StartAsync(new QuickBooksSimulatorOptions { InvoiceCount = invoices, ScheduledPaymentShare = 0, RequestsPerMinute = 500, RateWindow = TimeSpan.FromMinutes(1) / scale, Latency = latency }, clock), scale);

    public override string Name => "QuickBooks";

    public override string LimitText => "500 req / min / realm, 10 in flight";

    public override (int Count, TimeSpan Window) Limit => (500, TimeSpan.FromMinutes(1) / scale);

    public override int ChangePage => 1000;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connector"] = "quickbooks",
        ["Settings:RealmId"] = simulator.RealmId,
        ["Settings:BaseAddress"] = simulator.Root.ToString(),
        ["Settings:TokenEndpoint"] = simulator.TokenEndpoint.ToString(),
        ["Settings:ClientId"] = simulator.Options.ClientId,
        ["Settings:ClientSecret"] = simulator.Options.ClientSecret,
        ["Settings:RefreshToken"] = _tokens.Refresh,
        ["Settings:RequestsPerMinute"] = (500 * scale).ToString(CultureInfo.InvariantCulture),
        ["Settings:RequestsPerSecond"] = (10 * scale).ToString(CultureInfo.InvariantCulture),
    };

    public override IReadOnlyList<RecordedRequest> Journal => simulator.Journal.Requests;

    public override void ClearJournal() => simulator.Journal.Clear();

    public override async Task<int> BareFullReadAsync(CancellationToken cancellationToken)
    {
        _tokens = simulator.OAuth.IssueInitialTokens();
        using var http = Http(simulator.Root, h => h.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Access));
        var pace = new SlidingLog([Limit, (10, TimeSpan.FromSeconds(1) / scale)]);
        var requests = 0;
        async Task<int> QueryAsync(string query, string entity)
        {
            using var page = await GetJsonAsync(http, pace, $"v3/company/{simulator.RealmId}/query?query={Uri.EscapeDataString(query)}&minorversion=75", cancellationToken);
            requests++;
            return page.RootElement.GetProperty("QueryResponse").TryGetProperty(entity, out var rows) ? rows.GetArrayLength() : 0;
        }

        for (var start = 1; await QueryAsync($"select * from Invoice where Balance > '0' ORDERBY Id STARTPOSITION {start} MAXRESULTS 1000", "Invoice") == 1000; start += 1000)
        {
        }

        var open = simulator.Store.Invoices.Where(i => i.Balance > 0m && !i.Voided && !i.Deleted).ToList();
        foreach (var batch in open.Select(i => i.CustomerId).Distinct().Order(StringComparer.Ordinal).Chunk(100))
        {
            await QueryAsync($"select * from Customer where Active IN (true, false) AND Id IN ({string.Join(",", batch.Select(id => $"'{id}'"))})", "Customer");
        }

        // Part-paid invoices are dated by their payments.
        var payments = open.Where(i => i.Balance < i.TotalAmt).SelectMany(i => simulator.Store.PaymentsOf(i.Id)).Select(p => p.Id).Distinct().ToList();
        foreach (var batch in payments.Chunk(100))
        {
            await QueryAsync($"select * from Payment where Id IN ({string.Join(",", batch.Select(id => $"'{id}'"))})", "Payment");
        }

        // This client was handed an access token; a connection has a refresh token, and OAuth forces one exchange.
        return requests + 1;
    }

    public override int PayOnePercent()
    {
        var paid = simulator.Store.Invoices.Where(i => i.Balance > 1m && !i.Voided && !i.Deleted).Where((_, n) => n % 100 == 0).ToList();
        for (var n = 0; n < paid.Count; n++)
        {
            simulator.Store.Pay(paid[n].Id, n % 2 == 0 ? null : 1m);
        }

        return paid.Count;
    }

    public override ValueTask DisposeAsync() => simulator.DisposeAsync();
}

internal sealed class AxonautBench(AxonautSimulator simulator, int scale) : PlatformBench
{
    public static async Task<PlatformBench> StartAsync(int invoices, int scale, TimeSpan latency, SimulatedClock clock) =>
        new AxonautBench(await AxonautSimulator.StartAsync(new AxonautSimulatorOptions { InvoiceCount = invoices, ScheduledPaymentShare = 0, Latency = latency }, clock), scale);

    public override string Name => "Axonaut";

    public override string LimitText => "none documented; Relance paces 2 req/s";

    // Relance's own pacing (RequestsPerSecond) counts per second: compressed, 2 × scale a second.
    public override (int Count, TimeSpan Window) Limit => (2 * scale, TimeSpan.FromSeconds(1));

    public override int ChangePage => 50;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connector"] = "axonaut",
        ["Settings:BaseAddress"] = simulator.BaseAddress.ToString(),
        ["Settings:ApiKey"] = simulator.ApiKey,
        ["Settings:RequestsPerSecond"] = (2 * scale).ToString(CultureInfo.InvariantCulture),
    };

    public override IReadOnlyList<RecordedRequest> Journal => simulator.Journal.Requests;

    public override void ClearJournal() => simulator.Journal.Clear();

    public override async Task<int> BareFullReadAsync(CancellationToken cancellationToken)
    {
        using var http = Http(simulator.BaseAddress, h => h.Add("userApiKey", simulator.ApiKey));
        var pace = new SlidingLog([Limit]);
        var requests = 0;

        // No total and no published page size: a list ends at its first empty page.
        async Task<List<long>> ListAsync(string uri, bool untilEmpty = true, Func<List<long>, bool>? enough = null)
        {
            var ids = new List<long>();
            for (var page = 1; ; page++)
            {
                using var json = await GetJsonAsync(http, pace, uri, cancellationToken, page);
                requests++;
                var items = json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
                ids.AddRange(items);
                if (items.Count == 0 || enough?.Invoke(items) == true)
                {
                    return ids;
                }
            }
        }

        await ListAsync("invoices?is_paid=false");
        var store = simulator.Store;
        var unpaid = store.Invoices.Where(i => i.Total > 0m && i.PaidDate is null).ToList();
        var hidden = unpaid.Where(i => i.HideOutstanding).ToList();
        if (hidden.Count >= 10)
        {
            var from = hidden.Min(i => i.Date).AddDays(-32).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            await ListAsync($"payments?date_after={Uri.EscapeDataString(from)}");
        }
        else
        {
            foreach (var invoice in hidden)
            {
                await ListAsync($"payments?invoice_id={invoice.Id}");
            }
        }

        // Contacts live in the company: the company list sorted by id, up to the highest one wanted.
        var wanted = unpaid.Where(i => i.Outstanding > 0m).Select(i => i.CompanyId).Distinct().ToList();
        if (wanted.Count >= 10)
        {
            var highest = wanted.Max();
            await ListAsync("companies?type=customer&sort=id", enough: page => page.Max() >= highest);
        }
        else
        {
            foreach (var id in wanted)
            {
                using var company = await GetJsonAsync(http, pace, $"companies/{id}", cancellationToken);
                requests++;
            }
        }

        return requests;
    }

    public override int PayOnePercent()
    {
        var paid = simulator.Store.Invoices.Where(i => i.Total > 0m && i.Outstanding > 1m).Where((_, n) => n % 100 == 0).ToList();
        for (var n = 0; n < paid.Count; n++)
        {
            simulator.Store.Pay(paid[n].Id, n % 2 == 0 ? null : 1m);
        }

        return paid.Count;
    }

    public override ValueTask DisposeAsync() => simulator.DisposeAsync();
}
