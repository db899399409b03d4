using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Relance.Simulators.Hosting;

namespace Relance.Simulators.Pennylane;

/// <summary>
/// Pennylane Company API v2 on loopback, faithful to shared/api-notes/pennylane.md: bearer auth, cursor pagination
/// with short-lived cursors, JSON <c>filter</c>, changelogs with 4-week retention, 25 requests / 5 s per token with
/// <c>ratelimit-*</c> headers and a plain-text 429, comments and <c>send_by_email</c>.
/// </summary>
public sealed class PennylaneSimulator : IAsyncDisposable
{
    public const string ApiPrefix = "/api/external/v2";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // The documented request bodies (api-notes/pennylane.md): nothing else is accepted.
    private static readonly HashSet<string> CommentFields = ["content"];
    private static readonly HashSet<string> SendFields = ["recipients"];

    private readonly WebApplication _app;
    private readonly PennylaneSimulatorOptions _options;
    private readonly ConcurrentDictionary<string, (long WindowStart, int Count)> _windows = new();
    private readonly Lock _faultGate = new();
    private int _forcedRateLimits;
    private int _forcedRetryAfterSeconds = 1;
    private int _failedComments;
    private int _expireCursors;
    private int _lostCommentResponses;
    private int _failedCommentStatus;

    private PennylaneSimulator(WebApplication app, Uri root, PennylaneSimulatorStore store, PennylaneSimulatorOptions options)
    {
        _app = app;
        _options = options;
        Store = store;
        BaseAddress = new Uri(root, ApiPrefix + "/");
    }

    /// <summary>The API root to put in a connection's <c>Settings:BaseAddress</c>.</summary>
    public Uri BaseAddress { get; }

    public PennylaneSimulatorStore Store { get; }

    public string Token => _options.Tokens[0];

    /// <summary>Starts on a free loopback port; seeds data unless <paramref name="seed"/> is false.</summary>
    public static async Task<PennylaneSimulator> StartAsync(PennylaneSimulatorOptions options, TimeProvider clock, bool seed = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new PennylaneSimulatorStore(clock);
        if (seed)
        {
            PennylaneSeeder.Seed(store, options);
        }

        PennylaneSimulator? simulator = null;
        var journal = new RequestJournal();
        var (app, root) = await LoopbackServer.StartAsync(a => Map(a, () => simulator!), journal, cancellationToken);
        simulator = new PennylaneSimulator(app, root, store, options) { Journal = journal };
        return simulator;
    }

    /// <summary>The next <paramref name="count"/> requests answer 429 with <c>retry-after: seconds</c>.</summary>
    public void ForceRateLimit(int count, int retryAfterSeconds = 1)
    {
        lock (_faultGate)
        {
            _forcedRateLimits = count;
            _forcedRetryAfterSeconds = retryAfterSeconds;
        }
    }

    /// <summary>Every request received, with headers and body, as a strict server would see it.</summary>
    public RequestJournal Journal { get; private init; } = new();

    /// <summary>The next <paramref name="count"/> requests that carry a cursor find it expired (400), as after a long wait.</summary>
    public void ExpireNextCursors(int count = 1)
    {
        lock (_faultGate)
        {
            _expireCursors = count;
        }
    }

    /// <summary>The next <paramref name="count"/> comments are stored, then the connection is cut before the answer.</summary>
    public void LoseNextCommentResponses(int count)
    {
        lock (_faultGate)
        {
            _lostCommentResponses = count;
        }
    }

    /// <summary>The next <paramref name="count"/> comment posts answer <paramref name="status"/> without storing anything.</summary>
    public void FailNextComments(int count, int status = 503)
    {
        lock (_faultGate)
        {
            _failedComments = count;
            _failedCommentStatus = status;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, Func<PennylaneSimulator> self)
    {
        app.Use(async (context, next) =>
        {
            if (self()._options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(self()._options.Latency);
            }

            var sim = self();
            var token = context.Request.Headers.Authorization.ToString() is { } h && h.StartsWith("Bearer ", StringComparison.Ordinal) ? h[7..] : "";
            if (!sim._options.Tokens.Contains(token))
            {
                await Error(context, 401, "Unauthorized: invalid or missing token");
            }
            else if (!sim.TryTakePermit(context, token))
            {
                // Rejected before processing: the real API answers plain text here.
            }
            else if (HttpMethods.IsPost(context.Request.Method) && sim._options.ReadOnlyTokens.Contains(token))
            {
                await Error(context, 403, "Forbidden: missing scope customer_invoices:all");
            }
            else
            {
                await next(context);
            }

            sim.Store.Record(new SimRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Response.StatusCode, TimeProvider.System.GetUtcNow()));
        });

        var api = app.MapGroup(ApiPrefix);
        api.MapGet("/customer_invoices", (HttpContext c) => self().ListInvoices(c));
        api.MapGet("/customer_invoices/{id:long}", (HttpContext c, long id) => self().GetInvoice(c, id));
        api.MapGet("/customers", (HttpContext c) => self().ListCustomers(c));
        api.MapGet("/customers/{id:long}", (HttpContext c, long id) => self().GetCustomer(c, id));
        api.MapGet("/changelogs/customer_invoices", (HttpContext c) => self().Changelog(c, self().Store.InvoiceChanges));
        api.MapGet("/changelogs/customers", (HttpContext c) => self().Changelog(c, self().Store.CustomerChanges));
        api.MapGet("/customer_invoices/{id:long}/comments", (HttpContext c, long id) => self().ListComments(c, id));
        api.MapPost("/customer_invoices/{id:long}/comments", (HttpContext c, long id) => self().AddComment(c, id));
        api.MapPost("/customer_invoices/{id:long}/send_by_email", (HttpContext c, long id) => self().SendByEmail(c, id));
    }

    private bool TryTakePermit(HttpContext context, string token)
    {
        var nowMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)_options.RateLimitWindow.TotalMilliseconds;
        bool forced;
        int retryAfter;
        lock (_faultGate)
        {
            forced = _forcedRateLimits > 0;
            if (forced)
            {
                _forcedRateLimits--;
            }

            retryAfter = _forcedRetryAfterSeconds;
        }

        var window = _windows.AddOrUpdate(
            token,
            _ => (nowMs, 1),
            (_, w) => nowMs - w.WindowStart >= windowMs ? (nowMs, 1) : (w.WindowStart, w.Count + 1));
        var resetEpoch = (window.WindowStart + windowMs + 999) / 1000;
        var remaining = Math.Max(0, _options.RateLimitPermits - window.Count);
        context.Response.Headers["ratelimit-limit"] = _options.RateLimitPermits.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["ratelimit-reset"] = resetEpoch.ToString(CultureInfo.InvariantCulture);

        if (!forced && window.Count <= _options.RateLimitPermits)
        {
            return true;
        }

        if (!forced)
        {
            retryAfter = (int)Math.Max(1, Math.Ceiling((window.WindowStart + windowMs - nowMs) / 1000.0));
        }

        context.Response.StatusCode = 429;
        context.Response.Headers["retry-after"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain";
        context.Response.WriteAsync($"Rate limit exceeded. Please retry in {retryAfter} seconds.").GetAwaiter().GetResult();
        return false;
    }

    private IResult ListInvoices(HttpContext context)
    {
        if (!TryPaging(context, 100, "invoices", out var offset, out var limit, out var problem))
        {
            return problem!;
        }

        if (!TryFilter<SimInvoice>(context.Request.Query["filter"], InvoiceField, out var predicate, out problem))
        {
            return problem!;
        }

        var sort = context.Request.Query["sort"].ToString();
        IReadOnlyList<SimInvoice> ordered = Store.Invoices;
        switch (sort)
        {
            case "" or "-id":
                ordered = ordered.Reverse().ToList();
                break;
            case "id":
                break;
            case "date":
                ordered = ordered.OrderBy(i => i.Date).ThenBy(i => i.Id).ToList();
                break;
            case "-date":
                ordered = ordered.OrderByDescending(i => i.Date).ThenByDescending(i => i.Id).ToList();
                break;
            default:
                return ErrorResult(400, $"sort: unsupported field '{sort}'");
        }

        return Page(ordered, predicate, offset, limit, "invoices", ToJson);
    }

    private IResult GetInvoice(HttpContext context, long id) =>
        Store.FindInvoice(id) is { } invoice ? Results.Json(ToJson(invoice), Json) : ErrorResult(404, "Not found");

    private IResult ListCustomers(HttpContext context)
    {
        if (!TryPaging(context, 100, "customers", out var offset, out var limit, out var problem))
        {
            return problem!;
        }

        if (!TryFilter<SimCustomer>(context.Request.Query["filter"], CustomerField, out var predicate, out problem))
        {
            return problem!;
        }

        return Page(Store.Customers.Reverse().ToList(), predicate, offset, limit, "customers", ToJson);
    }

    private IResult GetCustomer(HttpContext context, long id) =>
        Store.FindCustomer(id) is { } customer ? Results.Json(ToJson(customer), Json) : ErrorResult(404, "Not found");

    private IResult Changelog(HttpContext context, Func<DateTimeOffset, IReadOnlyList<SimChange>> changes)
    {
        var startDate = context.Request.Query["start_date"].ToString();
        var hasCursor = !string.IsNullOrEmpty(context.Request.Query["cursor"]);
        if (hasCursor && startDate.Length > 0)
        {
            return ErrorResult(400, "start_date cannot be combined with cursor");
        }

        var now = Store.Clock.GetUtcNow();
        var since = now - _options.ChangelogRetention;
        if (startDate.Length > 0)
        {
            if (!DateTimeOffset.TryParse(startDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requested))
            {
                return ErrorResult(400, $"start_date: invalid date-time '{startDate}'");
            }

            if (requested < since)
            {
                return ErrorResult(422, "start_date is older than the changelog retention (4 weeks)");
            }

            since = requested;
        }

        var key = "changes:" + context.Request.Path;
        if (!TryPaging(context, 1000, key, out var offset, out var limit, out var problem))
        {
            return problem!;
        }

        // The cursor pins the window start of the first page, as Pennylane's opaque cursors do.
        if (hasCursor && TryReadCursorStart(context.Request.Query["cursor"]!, out var pinned))
        {
            since = pinned;
        }

        return Page(
            changes(since),
            _ => true,
            offset,
            limit,
            key,
            c => new { id = c.Id, operation = c.Operation, processed_at = c.ProcessedAt, updated_at = c.ProcessedAt, created_at = c.ProcessedAt },
            since);
    }

    private IResult ListComments(HttpContext context, long id)
    {
        if (Store.FindInvoice(id) is null)
        {
            return ErrorResult(404, "Not found");
        }

        if (!TryPaging(context, 100, "comments", out var offset, out var limit, out var problem))
        {
            return problem!;
        }

        var items = Store.Comments.Where(c => c.InvoiceId == id).ToList();
        return Page(items, _ => true, offset, limit, "comments", c => new { id = c.Id, content = c.Content, created_at = c.CreatedAt });
    }

    private async Task<IResult> AddComment(HttpContext context, long id)
    {
        if (Store.FindInvoice(id) is null)
        {
            return ErrorResult(404, "Not found");
        }

        lock (_faultGate)
        {
            if (_failedComments > 0)
            {
                _failedComments--;
                return ErrorResult(_failedCommentStatus, "Service temporarily unavailable");
            }
        }

        var (body, problem, status) = await StrictJson.ReadObjectAsync(context.Request, CommentFields);
        if (body is null)
        {
            return ErrorResult(status == 400 ? 422 : status, problem!);
        }

        var content = body["content"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (content is null || string.IsNullOrWhiteSpace(content.Replace('\u00A0', ' ')) || content.Length > 10_000 || content.Contains('\0', StringComparison.Ordinal))
        {
            return ErrorResult(422, "content: must be 1 to 10000 characters with at least one non-whitespace character");
        }

        var comment = Store.AddComment(id, content);
        lock (_faultGate)
        {
            if (_lostCommentResponses > 0)
            {
                _lostCommentResponses--;
                context.Abort();
                return Results.Empty;
            }
        }

        return Results.Json(new { id = comment.Id, content = comment.Content, created_at = comment.CreatedAt }, Json, statusCode: 201);
    }

    private async Task<IResult> SendByEmail(HttpContext context, long id)
    {
        if (Store.FindInvoice(id) is not { } invoice)
        {
            return ErrorResult(404, "Not found");
        }

        if (invoice.Draft)
        {
            return ErrorResult(409, "Invoice is not finalized");
        }

        var recipients = new List<string>();
        if (context.Request.ContentLength is > 0)
        {
            var (body, problem, status) = await StrictJson.ReadObjectAsync(context.Request, SendFields);
            if (body is null)
            {
                return ErrorResult(status == 400 ? 422 : status, problem!);
            }

            if (body["recipients"] is not JsonArray list || list.Any(e => e is not JsonValue v || !v.TryGetValue<string>(out var a) || !a.Contains('@', StringComparison.Ordinal)))
            {
                return ErrorResult(422, "recipients: must be an array of e-mail addresses");
            }

            recipients.AddRange(list.Select(e => e!.GetValue<string>()));
        }

        if (recipients.Count == 0)
        {
            recipients.AddRange(Store.FindCustomer(invoice.CustomerId)?.Emails ?? []);
        }

        Store.AddSend(id, recipients);
        return Results.StatusCode(204);
    }

    private bool TryPaging(HttpContext context, int max, string key, out int offset, out int limit, out IResult? problem)
    {
        offset = 0;
        limit = 20;
        problem = null;
        var limitText = context.Request.Query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
        {
            problem = ErrorResult(400, $"limit: must be between 1 and {max}");
            return false;
        }

        var cursor = context.Request.Query["cursor"].ToString();
        if (cursor.Length == 0)
        {
            return true;
        }

        if (!TryReadCursor(cursor, key, out offset))
        {
            problem = ErrorResult(400, "Invalid cursor");
            return false;
        }

        return true;
    }

    // The cursor holds a position in the ordered, unfiltered list: each page scans only what it returns.
    private static IResult Page<T>(IReadOnlyList<T> ordered, Func<T, bool> predicate, int start, int limit, string key, Func<T, object> project, DateTimeOffset? pinned = null)
    {
        var items = new List<object>(limit);
        int? next = null;
        for (var index = start; index < ordered.Count; index++)
        {
            if (!predicate(ordered[index]))
            {
                continue;
            }

            if (items.Count == limit)
            {
                next = index;
                break;
            }

            items.Add(project(ordered[index]));
        }

        return Results.Json(new { items, has_more = next is not null, next_cursor = next is { } n ? MakeCursor(key, n, pinned) : null }, Json);
    }

    private static string MakeCursor(string key, int offset, DateTimeOffset? pinned) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', key, offset, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), pinned?.ToUnixTimeMilliseconds() ?? 0)));

    private bool TryReadCursor(string cursor, string key, out int offset)
    {
        offset = 0;
        var parts = Decode(cursor);
        if (parts is not { Length: 4 } || parts[0] != key || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out offset)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var issued))
        {
            return false;
        }

        lock (_faultGate)
        {
            if (_expireCursors > 0)
            {
                _expireCursors--;
                return false;
            }
        }

        return TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - issued <= _options.CursorLifetime.TotalMilliseconds;
    }

    private static bool TryReadCursorStart(string cursor, out DateTimeOffset start)
    {
        start = default;
        var parts = Decode(cursor);
        if (parts is not { Length: 4 } || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ms) || ms == 0)
        {
            return false;
        }

        start = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    private static string[]? Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|');
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool TryFilter<T>(string? filter, Func<T, string, object?> field, out Func<T, bool> predicate, out IResult? problem)
    {
        predicate = _ => true;
        problem = null;
        if (string.IsNullOrEmpty(filter))
        {
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(filter);
        }
        catch (JsonException)
        {
            problem = ErrorResult(400, "filter: not a JSON array");
            return false;
        }

        var conditions = new List<Func<T, bool>>();
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problem = ErrorResult(400, "filter: not a JSON array");
                return false;
            }

            foreach (var condition in document.RootElement.EnumerateArray())
            {
                var name = condition.GetProperty("field").GetString()!;
                var op = condition.GetProperty("operator").GetString()!;
                var value = condition.GetProperty("value");
                if (!IsKnown(name))
                {
                    problem = ErrorResult(400, $"filter: field '{name}' is not filterable");
                    return false;
                }

                if (op is not ("eq" or "not_eq" or "in" or "not_in" or "lt" or "lteq" or "gt" or "gteq"))
                {
                    problem = ErrorResult(400, $"filter: unsupported operator '{op}'");
                    return false;
                }

                if (op is "in" or "not_in")
                {
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        problem = ErrorResult(400, $"filter: operator '{op}' needs an array value");
                        return false;
                    }

                    var set = value.EnumerateArray().Select(Text).ToHashSet(StringComparer.Ordinal);
                    var negate = op == "not_in";
                    conditions.Add(item => set.Contains(Format(field(item, name))) != negate);
                }
                else
                {
                    var expected = Text(value);
                    conditions.Add(item => Matches(Format(field(item, name)), op, expected));
                }
            }
        }

        predicate = item => conditions.TrueForAll(c => c(item));
        return true;
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static string Format(object? actual) => actual switch
    {
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => actual?.ToString() ?? "",
    };

    private static bool IsKnown(string name) => name is "id" or "draft" or "credit_note" or "customer_id" or "invoice_number" or "date";

    private static bool Matches(string actual, string op, string expected) => op switch
    {
        "eq" => actual == expected,
        "not_eq" => actual != expected,
        _ => Compare(actual, expected, op),
    };

    private static bool Compare(string actual, string expected, string op)
    {
        var order = long.TryParse(actual, CultureInfo.InvariantCulture, out var a) && long.TryParse(expected, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(actual, expected);
        return op switch { "lt" => order < 0, "lteq" => order <= 0, "gt" => order > 0, _ => order >= 0 };
    }

    private static object? InvoiceField(SimInvoice invoice, string name) => name switch
    {
        "id" => invoice.Id,
        "draft" => invoice.Draft,
        "credit_note" => invoice.CreditNote,
        "customer_id" => invoice.CustomerId,
        "invoice_number" => invoice.Number,
        "date" => invoice.Date,
        _ => null,
    };

    private static object? CustomerField(SimCustomer customer, string name) => name switch
    {
        "id" => customer.Id,
        _ => null,
    };

    private object ToJson(SimInvoice i)
    {
        var today = DateOnly.FromDateTime(Store.Clock.GetUtcNow().UtcDateTime);
        var status = i.Draft ? "draft" : i.CreditNote ? "credit_note" : i.Cancelled ? "cancelled" : i.Paid ? "paid" : i.Deadline < today ? "late" : "upcoming";
        string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        var beforeTax = Math.Round(i.Total / 1.2m, 2);
        return new
        {
            id = i.Id,
            label = $"Facture {i.Number}",
            invoice_number = i.Number,
            currency = i.Currency,
            amount = Amount(i.Total),
            currency_amount = Amount(i.Total),
            currency_amount_before_tax = Amount(beforeTax),
            exchange_rate = "1.0",
            date = i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            deadline = i.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            currency_tax = Amount(i.Total - beforeTax),
            tax = Amount(i.Total - beforeTax),
            language = i.Language,
            paid = i.Paid,
            status,
            remaining_amount_with_tax = i.RawRemaining ?? Amount(i.Remaining),
            remaining_amount_without_tax = Amount(Math.Round(i.Remaining / 1.2m, 2)),
            draft = i.Draft,
            special_mention = (string?)null,
            customer = new { id = i.CustomerId, url = $"{BaseAddress}customers/{i.CustomerId}" },
            invoice_lines = new { url = $"{BaseAddress}customer_invoices/{i.Id}/invoice_lines" },
            payments = new { url = $"{BaseAddress}customer_invoices/{i.Id}/payments" },
            public_file_url = $"{BaseAddress}files/{i.Id}.pdf",
            filename = $"{i.Number}.pdf",
            external_reference = $"sim-{i.Id}",
            archived_at = (DateTimeOffset?)null,
            created_at = i.UpdatedAt,
            updated_at = i.UpdatedAt,
        };
    }

    // Company and individual customers as the two documented schemas: an individual has first_name/last_name and
    // neither vat_number nor reg_no.
    private static object ToJson(SimCustomer c) => c.Individual
        ? new Dictionary<string, object?>
        {
            ["id"] = c.Id, ["customer_type"] = "individual", ["name"] = c.Name, ["first_name"] = c.FirstName, ["last_name"] = c.LastName,
            ["emails"] = c.Emails, ["billing_language"] = c.BillingLanguage, ["billing_address"] = Address(c),
            ["payment_conditions"] = "upon_receipt", ["notes"] = null, ["created_at"] = c.UpdatedAt, ["updated_at"] = c.UpdatedAt,
        }
        : new Dictionary<string, object?>
        {
            ["id"] = c.Id, ["customer_type"] = "company", ["name"] = c.Name, ["recipient"] = c.Recipient, ["reg_no"] = c.RegNo,
            ["emails"] = c.Emails, ["billing_language"] = c.BillingLanguage, ["billing_address"] = Address(c),
            ["payment_conditions"] = "30_days", ["notes"] = null, ["created_at"] = c.UpdatedAt, ["updated_at"] = c.UpdatedAt,
        };

    private static object Address(SimCustomer c) => new { address = c.Street, postal_code = c.PostalCode, city = c.City, country_alpha2 = c.CountryAlpha2 };

    private static IResult ErrorResult(int status, string message) => Results.Json(new { error = message, status }, Json, statusCode: status);

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message, status });
    }
}
