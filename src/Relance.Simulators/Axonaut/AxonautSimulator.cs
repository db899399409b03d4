using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Relance.Simulators.Hosting;

namespace Relance.Simulators.Axonaut;

/// <summary>
/// Axonaut API v2 on loopback, with the quirks of shared/api-notes/axonaut.md: <c>userApiKey</c> header (400 when
/// missing, 403 when wrong), page number in a <c>page</c> header, bare arrays, 403 asking to paginate an un-paged
/// list, DD/MM/YYYY filters, dates as epoch numbers / numeric strings / ISO, credit notes as negative totals, no
/// status field, e-mails on the company's contacts, a daily quota answering 429, events on the company timeline.
/// </summary>
public sealed class AxonautSimulator : IAsyncDisposable
{
    public const string ApiPrefix = "/api/v2";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // The documented event.post schema (api-notes/axonaut-openapi.json): nothing else is accepted.
    private static readonly HashSet<string> EventFields =
    [
        "company_id", "employee_email", "date", "content", "nature", "title", "duration", "is_done", "opportunity_id", "users",
        "attachments", "attachments.invoices_ids", "attachments.quotations_ids", "attachments.documents_ids",
    ];
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly WebApplication _app;
    private readonly AxonautSimulatorOptions _options;
    private readonly ConcurrentDictionary<(string Key, DateOnly Day), int> _usage = new();

    private AxonautSimulator(WebApplication app, Uri root, AxonautSimulatorStore store, AxonautSimulatorOptions options)
    {
        _app = app;
        _options = options;
        Store = store;
        BaseAddress = new Uri(root, ApiPrefix + "/");
    }

    public Uri BaseAddress { get; }

    public AxonautSimulatorStore Store { get; }

    public string ApiKey => _options.ApiKeys[0];

    public static async Task<AxonautSimulator> StartAsync(AxonautSimulatorOptions options, TimeProvider clock, bool seed = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new AxonautSimulatorStore(clock);
        if (seed)
        {
            AxonautSeeder.Seed(store, options);
        }

        AxonautSimulator? simulator = null;
        var journal = new RequestJournal();
        var (app, root) = await LoopbackServer.StartAsync(a => Map(a, () => simulator!), journal, cancellationToken);
        simulator = new AxonautSimulator(app, root, store, options) { Journal = journal };
        return simulator;
    }

    /// <summary>Every request received, with headers and body, as a strict server would see it.</summary>
    public RequestJournal Journal { get; private init; } = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, Func<AxonautSimulator> self)
    {
        app.Use(async (context, next) =>
        {
            var sim = self();
            if (sim._options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(sim._options.Latency);
            }

            var key = context.Request.Headers["userApiKey"].ToString();
            if (key.Length == 0)
            {
                await Error(context, 400, "Bad request - Missing header : \"userApiKey\"");
            }
            else if (!sim._options.ApiKeys.Contains(key))
            {
                await Error(context, 403, "Forbidden access");
            }
            else if (!sim.TryConsumeQuota(context, key))
            {
                await Error(context, 429, "Too many requests: daily API quota exceeded");
            }
            else
            {
                await next(context);
            }

            sim.Store.Record(new AxRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers["page"].FirstOrDefault(), context.Response.StatusCode));
        });

        var api = app.MapGroup(ApiPrefix);
        api.MapGet("/me", () => Results.Json(new { id = 1, email = "admin@relance.example", fullname = "Admin Relance", api_time_consumed = 42, roles = self()._options.Roles }, Json));
        api.MapGet("/invoices", (HttpContext c) => self().ListInvoices(c));
        api.MapGet("/invoices/{id:long}", (long id) => self().Store.FindInvoice(id) is { } i ? Results.Json(self().ToJson(i), Json) : ErrorResult(404, "Invoice not found"));
        api.MapGet("/payments", (HttpContext c) => self().ListPayments(c));
        api.MapGet("/companies", (HttpContext c) => self().ListCompanies(c));
        api.MapGet("/companies/{id:long}", (long id) => self().Store.FindCompany(id) is { } co ? Results.Json(ToJson(co), Json) : ErrorResult(404, "Company not found"));
        api.MapGet("/companies/{id:long}/employees", (HttpContext c, long id) => self().Store.FindCompany(id) is { } co
            ? self().Paged(c, co.Employees.Select(e => ToJson(e, co.Id)).ToList())
            : ErrorResult(404, "Company not found"));
        api.MapGet("/companies/{id:long}/events", (HttpContext c, long id) => self().Paged(c, self().Store.Events.Where(e => e.CompanyId == id).OrderByDescending(e => e.Date).Select(ToJson).ToList()));
        api.MapPost("/events", (Delegate)((HttpContext c) => self().AddEvent(c)));
        api.MapPost("/events/{id:long}/send", (long id) =>
        {
            var found = self().Store.Events.FirstOrDefault(e => e.Id == id);
            if (found is null)
            {
                return ErrorResult(404, "Event not found");
            }

            found.Sent = true;
            return Results.Ok();
        });
    }

    private bool TryConsumeQuota(HttpContext context, string key)
    {
        if (_options.DailyQuota <= 0)
        {
            return true;
        }

        var now = Store.Clock.GetUtcNow();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Paris).DateTime);
        var used = _usage.AddOrUpdate((key, day), 1, (_, n) => n + 1);
        if (used <= _options.DailyQuota)
        {
            return true;
        }

        if (_options.QuotaRetryAfterSeconds is { } seconds)
        {
            context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return false;
    }

    private IResult ListInvoices(HttpContext context)
    {
        IEnumerable<AxInvoice> items = Store.Invoices;
        var query = context.Request.Query;
        if (query["is_paid"].ToString() is { Length: > 0 } isPaid)
        {
            var paid = isPaid == "true";
            items = items.Where(i => (i.PaidDate is not null) == paid);
        }

        foreach (var (name, test) in new (string, Func<AxInvoice, DateOnly, bool>)[]
        {
            ("updated_after", (i, d) => LocalDay(i.LastUpdate) >= d),
            ("updated_before", (i, d) => LocalDay(i.LastUpdate) <= d),
            ("date_after", (i, d) => i.Date >= d),
            ("date_before", (i, d) => i.Date <= d),
        })
        {
            var text = query[name].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return ErrorResult(400, $"Invalid date format for {name}: expected DD/MM/YYYY");
            }

            items = items.Where(i => test(i, day));
        }

        return Paged(context, items.Select(ToJson).ToList());
    }

    // The documented filters `type` (customer|prospect|supplier|all) and `sort` (id|name|address_city); every company
    // here is a customer.
    private IResult ListCompanies(HttpContext context)
    {
        var type = context.Request.Query["type"].ToString();
        if (type.Length > 0 && type is not ("customer" or "prospect" or "supplier" or "all"))
        {
            return ErrorResult(400, "type: must be customer, prospect, supplier or all");
        }

        IEnumerable<AxCompany> companies = type is "prospect" or "supplier" ? [] : Store.Companies;
        companies = context.Request.Query["sort"].ToString() switch
        {
            "" or "id" => companies.OrderBy(c => c.Id),
            "name" => companies.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id),
            "address_city" => companies.OrderBy(c => c.Id),
            _ => null!,
        };
        return companies is null
            ? ErrorResult(400, "sort: must be id, name or address_city")
            : Paged(context, companies.Select(c => (object)ToJson(c)).ToList());
    }

    // The documented filters of GET /payments: invoice_id, company_id, date_after and date_before (DD/MM/YYYY; read
    // strictly here, the day itself excluded, as the spec does not say either way).
    private IResult ListPayments(HttpContext context)
    {
        var query = context.Request.Query;
        IEnumerable<AxPayment> payments = Store.Payments;
        foreach (var (name, kind) in new[] { ("invoice_id", 0), ("company_id", 1) })
        {
            if (query[name].ToString() is { Length: > 0 } text)
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return ErrorResult(400, $"{name} must be an integer");
                }

                payments = kind == 0 ? payments.Where(p => p.InvoiceId == id) : payments.Where(p => Store.FindInvoice(p.InvoiceId)?.CompanyId == id);
            }
        }

        foreach (var (name, after) in new[] { ("date_after", true), ("date_before", false) })
        {
            if (query[name].ToString() is { Length: > 0 } text)
            {
                if (!DateOnly.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return ErrorResult(400, $"Invalid date format for {name}: expected DD/MM/YYYY");
                }

                payments = after ? payments.Where(p => p.Date > day) : payments.Where(p => p.Date < day);
            }
        }

        if (query.Keys.FirstOrDefault(k => k is not ("invoice_id" or "company_id" or "date_after" or "date_before" or "invoice_number")) is { } unknown)
        {
            return ErrorResult(400, $"Unknown filter {unknown}");
        }

        return Paged(context, payments.Select(p => (object)new
        {
            id = p.Id,
            invoice_id = p.InvoiceId,
            amount = (double)p.Amount,
            date = p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reference = $"VIR-{p.Id}",
            nature = "Virement",
        }).ToList());
    }

    private async Task<IResult> AddEvent(HttpContext context)
    {
        var (parsed, problem, status) = await StrictJson.ReadObjectAsync(context.Request, EventFields);
        if (parsed is null)
        {
            return ErrorResult(status, problem!);
        }

        using var body = JsonDocument.Parse(parsed.ToJsonString());
        var root = body.RootElement;
        if (!root.TryGetProperty("company_id", out var companyId) && !root.TryGetProperty("employee_email", out _))
        {
            return ErrorResult(400, "company_id or employee_email is required");
        }

        if (companyId.ValueKind != JsonValueKind.Number || !companyId.TryGetInt64(out var companyIdValue) || Store.FindCompany(companyIdValue) is null)
        {
            return ErrorResult(400, "company_id: unknown company");
        }

        var nature = root.TryGetProperty("nature", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var natureValue) ? natureValue : 0;
        if (nature is < 1 or > 6)
        {
            return ErrorResult(400, "nature: must be 1 to 6");
        }

        if (!root.TryGetProperty("date", out var dateElement) || dateElement.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(dateElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ErrorResult(400, "date: RFC3339 date-time required");
        }

        var invoiceIds = root.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Object
                && attachments.TryGetProperty("invoices_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var v) ? v : -1).ToList()
            : [];
        if (invoiceIds.Contains(-1))
        {
            return ErrorResult(400, "attachments.invoices_ids: must be an array of integers");
        }

        var created = Store.AddEvent(
            companyIdValue,
            nature,
            root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()! : "",
            root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString()! : "",
            date,
            invoiceIds);
        return Results.Json(ToJson(created), Json);
    }

    // Lists are bare arrays paged by a "page" header; without it, a large list answers 403 "please paginate".
    private IResult Paged(HttpContext context, IReadOnlyList<object> all)
    {
        var pageHeader = context.Request.Headers["page"].ToString();
        var pages = Math.Max(1, (all.Count + _options.PageSize - 1) / _options.PageSize);
        if (pageHeader.Length == 0)
        {
            return all.Count <= _options.PageSize
                ? Results.Json(all, Json)
                : Results.Json(new { error = new { message = "Too many results, please use pagination (header page)", status_code = "403", results = all.Count, results_per_page = _options.PageSize, pages } }, Json, statusCode: 403);
        }

        if (!int.TryParse(pageHeader, CultureInfo.InvariantCulture, out var page) || page < 1)
        {
            return ErrorResult(400, "page header must be a positive integer");
        }

        if (page > pages && _options.RepeatLastPage)
        {
            page = pages;
        }

        return Results.Json(all.Skip((page - 1) * _options.PageSize).Take(_options.PageSize).ToList(), Json);
    }

    private object ToJson(AxInvoice i)
    {
        var company = Store.FindCompany(i.CompanyId);
        return new
        {
            id = i.Id,
            number = i.Number,
            date = Date(i.Date, i.DateStyle),
            sent_date = Date(i.Date, i.DateStyle),
            due_date = Date(i.DueDate, i.DateStyle),
            paid_date = i.PaidDate is { } paid ? Date(paid, i.DateStyle) : null,
            last_update_date = Moment(i.LastUpdate, i.DateStyle),
            total = (double)i.Total,
            tax_amount = (double)Math.Round(i.Total / 6m, 2),
            outstanding_amount = i.HideOutstanding ? (double?)null : (double)i.Outstanding,
            currency = i.Currency,
            public_path = $"{BaseAddress}public/invoices/{i.Id}.pdf",
            customer_portal_url = $"{BaseAddress}portal/{i.Id}",
            company = new { id = i.CompanyId, name = company?.Name, is_supplier = false, is_prospect = false, is_customer = true },
            billing_address = new { company_name = company?.Name, contact_name = (string?)null, zip_code = "75011", city = "Paris", region = (string?)null, country = company?.Country },
        };
    }

    // Keys as the schema spells them (company.get mixes snake_case with "isB2C"), not through the naming policy.
    private static Dictionary<string, object?> ToJson(AxCompany c) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["creation_date"] = "2020-01-15T10:00:00+01:00",
        ["address_street"] = "12 avenue de la République",
        ["address_zip_code"] = "75011",
        ["address_city"] = "Paris",
        ["address_country"] = c.Country,
        ["siret"] = c.Siret,
        ["isB2C"] = c.IsB2C,
        ["language"] = c.Language,
        ["currency"] = "EUR",
        ["is_customer"] = true,
        ["is_prospect"] = false,
        ["employees"] = c.Employees.Select(e => ToJson(e, c.Id)).ToList(),
    };

    private static object ToJson(AxEmployee e, long companyId) => new
    {
        id = e.Id,
        firstname = e.Firstname,
        lastname = e.Lastname,
        email = e.Email,
        is_billing_contact = e.IsBillingContact,
        company_id = companyId,
    };

    private static object ToJson(AxEvent e) => new
    {
        id = e.Id,
        company_id = e.CompanyId,
        title = e.Title,
        content = e.Content,
        date = e.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        timestamp = e.Date.ToUnixTimeSeconds(),
        nature = e.Nature switch { 1 => "meeting", 2 => "email", 3 => "call", 4 => "mail", 5 => "sms", _ => "note" },
        flow = 2,
        is_done = true,
        attachments = new { invoices = e.InvoiceIds.Select(id => new { id }).ToList() },
    };

    // The spec types dates as strings with epoch examples; live payloads vary. Serve all three forms.
    private static object Date(DateOnly date, int style) => Moment(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), Paris.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue))), style);

    private static object Moment(DateTimeOffset at, int style) => style switch
    {
        0 => at.ToUnixTimeSeconds(),
        1 => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        _ => TimeZoneInfo.ConvertTime(at, Paris).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
    };

    private static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime);

    private static IResult ErrorResult(int status, string message) =>
        Results.Json(new { error = new { message, status_code = status.ToString(CultureInfo.InvariantCulture) } }, Json, statusCode: status);

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, status_code = status.ToString(CultureInfo.InvariantCulture) } });
    }
}
