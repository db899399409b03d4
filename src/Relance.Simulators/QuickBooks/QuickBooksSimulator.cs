using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Relance.Simulators.Hosting;

namespace Relance.Simulators.QuickBooks;

/// <summary>
/// QuickBooks Online Accounting API v3 and Intuit's OAuth2 server on loopback, following shared/api-notes/quickbooks.md:
/// PascalCase JSON, timestamps in Pacific time, <c>QueryResponse: {}</c> when nothing matches, CDC capped at
/// <see cref="QuickBooksSimulatorOptions.CdcMaxObjects"/> objects across entities, sparse updates with SyncToken
/// (stale → 400 code 5010), <c>requestid</c> idempotency, 429 (XML body) past 500/min or 10 in flight per realm,
/// Faults in the body of a 200 on demand, and webhook deliveries signed with the verifier token.
/// </summary>
public sealed class QuickBooksSimulator : IAsyncDisposable
{
    private static readonly TimeZoneInfo PacificZone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    // What an invoice update may carry here (api-notes/quickbooks.md: sparse update of Id, SyncToken and the fields set).
    private static readonly HashSet<string> InvoiceUpdateFields = ["Id", "SyncToken", "sparse", "PrivateNote", "CustomerMemo", "CustomerMemo.value", "BillEmail", "BillEmail.Address"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _requestIds = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _window = new();
    private readonly Lock _limits = new();
    private readonly HashSet<string> _editOnNextRead = new(StringComparer.Ordinal);
    private int _inFlight;
    private DateTimeOffset _throttledUntil;
    private int _faultsOnOk;

    private QuickBooksSimulator(WebApplication app, Uri root, QuickBooksSimulatorStore store, QuickBooksSimulatorOptions options)
    {
        _app = app;
        Root = root;
        Store = store;
        Options = options;
        OAuth = new QuickBooksOAuth(options, store.Clock);
    }

    /// <summary>Base address of the Accounting API (connector setting <c>BaseAddress</c>).</summary>
    public Uri Root { get; }

    public Uri TokenEndpoint => new(Root, "/oauth2/v1/tokens/bearer");

    public Uri AuthorizeEndpoint => new(Root, "/connect/oauth2");

    public QuickBooksSimulatorStore Store { get; }

    public QuickBooksSimulatorOptions Options { get; }

    public QuickBooksOAuth OAuth { get; }

    public string RealmId => Options.RealmId;

    /// <summary>429s answered so far.</summary>
    public int Throttled { get; private set; }

    /// <summary>Most requests in flight at once for the realm.</summary>
    public int PeakInFlight { get; private set; }

    public static async Task<QuickBooksSimulator> StartAsync(QuickBooksSimulatorOptions options, TimeProvider clock, bool seed = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new QuickBooksSimulatorStore(clock);
        if (seed)
        {
            QuickBooksSeeder.Seed(store, options);
        }

        QuickBooksSimulator? simulator = null;
        var journal = new RequestJournal();
        var (app, root) = await LoopbackServer.StartAsync(a => Map(a, () => simulator!), journal, cancellationToken, acceptOptional: r => r.Path.StartsWithSegments("/connect") || r.Path.StartsWithSegments("/portal"));
        simulator = new QuickBooksSimulator(app, root, store, options) { Journal = journal };
        return simulator;
    }

    /// <summary>From now until <paramref name="duration"/> has passed (real time), every API call gets 429.</summary>
    public void Throttle(TimeSpan duration)
    {
        lock (_limits)
        {
            _throttledUntil = DateTimeOffset.UtcNow + duration;
        }
    }

    /// <summary>The next <paramref name="count"/> API calls answer 200 with a Fault in the body.</summary>
    public void FaultOnOk(int count) => Interlocked.Exchange(ref _faultsOnOk, count);

    /// <summary>Right after the next read of the invoice, a bookkeeper edits it (its SyncToken moves on).</summary>
    public void EditAfterNextRead(string invoiceId)
    {
        lock (_editOnNextRead)
        {
            _editOnNextRead.Add(invoiceId);
        }
    }

    /// <summary>Every request received, with headers and body, as a strict server would see it.</summary>
    public RequestJournal Journal { get; private init; } = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, Func<QuickBooksSimulator> self)
    {
        app.MapPost("/oauth2/v1/tokens/bearer", (HttpContext c) => self().Token(c));
        app.MapGet("/connect/oauth2", (HttpContext c) => self().Authorize(c));
        app.MapGet("/portal/pay/{id}", (string id) => Results.Text($"Pay invoice {id}"));

        var api = app.MapGroup("/v3/company/{realm}");
        api.AddEndpointFilter(async (context, next) => await self().GuardAsync(context.HttpContext, () => next(context)));
        api.MapGet("/companyinfo/{id}", (string realm) => self().Ok(new JsonObject
        {
            ["CompanyInfo"] = new JsonObject { ["Id"] = "1", ["CompanyName"] = self().Options.CompanyName, ["Country"] = self().Options.Country, ["SyncToken"] = "3" },
        }));
        api.MapGet("/query", (HttpContext c) => self().Query(c, c.Request.Query["query"].ToString()));
        api.MapPost("/query", async (HttpContext c, string realm) => self().Query(c, await new StreamReader(c.Request.Body).ReadToEndAsync()));
        api.MapGet("/cdc", (HttpContext c) => self().Cdc(c));
        api.MapGet("/invoice/{id}", (HttpContext c, string id) => self().ReadInvoice(c, id));
        api.MapPost("/invoice", (HttpContext c, string realm) => self().Idempotent(c, () => self().UpdateInvoiceAsync(c)));
        api.MapPost("/invoice/{id}/send", (HttpContext c, string id) => self().Idempotent(c, () => Task.FromResult(self().Send(c, id))));
        api.MapGet("/customer/{id}", (string id) => self().Store.FindCustomer(id) is { } customer
            ? self().Ok(new JsonObject { ["Customer"] = self().Render(customer) })
            : Fault(400, "ValidationFault", "Object Not Found", $"Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", "610"));
    }

    private async Task<object?> GuardAsync(HttpContext context, Func<ValueTask<object?>> next)
    {
        var realm = context.Request.RouteValues["realm"]?.ToString();
        object? result;
        var entered = false;
        try
        {
            var token = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
            if (realm != Options.RealmId || !OAuth.ValidAccess(token, realm))
            {
                result = Fault(401, "AuthenticationFault", "message=AuthenticationFailed; errorCode=003200; statusCode=401", "Token expired or invalid", "3200");
            }
            else if (!Admit(out entered))
            {
                result = ThrottleResult();
            }
            else
            {
                if (Options.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Options.Latency);
                }

                result = Interlocked.Decrement(ref _faultsOnOk) >= 0
                    ? Results.Json(new JsonObject { ["Fault"] = FaultBody("SystemFault", "An application error has occurred while processing your request", "System Failure Error: Something went wrong on our side", "10000"), ["time"] = Now() }, Json, statusCode: 200)
                    : await next();
            }
        }
        finally
        {
            if (entered)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        context.Response.Headers["intuit_tid"] = Guid.NewGuid().ToString("N");
        Store.Record(new QbRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", StatusOf(result), realm, Store.Clock.GetUtcNow()));
        return result;
    }

    private bool Admit(out bool entered)
    {
        entered = false;
        lock (_limits)
        {
            var now = DateTimeOffset.UtcNow;
            if (now < _throttledUntil)
            {
                Throttled++;
                return false;
            }

            while (_window.Count > 0 && _window.Peek() <= now - Options.RateWindow)
            {
                _window.Dequeue();
            }

            if (_window.Count >= Options.RequestsPerMinute || _inFlight >= Options.MaxConcurrentRequests)
            {
                Throttled++;
                return false;
            }

            _window.Enqueue(now);
            _inFlight++;
            PeakInFlight = Math.Max(PeakInFlight, _inFlight);
            entered = true;
            return true;
        }
    }

    private IResult ThrottleResult()
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <IntuitResponse time="{Now()}" xmlns="http://schema.intuit.com/finance/v3"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>
            """;
        return new ThrottledResult(xml, Options.ThrottleRetryAfterSeconds);
    }

    private IResult Token(HttpContext context)
    {
        var form = context.Request.ReadFormAsync().GetAwaiter().GetResult();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.ClientId}:{Options.ClientSecret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var result = form["grant_type"].ToString() switch
        {
            "refresh_token" => OAuth.Refresh(form["refresh_token"].ToString()),
            "authorization_code" => OAuth.Exchange(form["code"].ToString(), form["redirect_uri"].ToString()),
            _ => null,
        };
        if (result is null)
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        if (!result.Ok)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Token invalid" }, statusCode: 400);
        }

        var body = new JsonObject
        {
            ["token_type"] = "bearer",
            ["access_token"] = result.AccessToken,
            ["refresh_token"] = result.RefreshToken,
            ["expires_in"] = (int)Options.AccessTokenLifetime.TotalSeconds,
            ["x_refresh_token_expires_in"] = 8_726_400,
        };
        if (context.Request.Headers["x-include-refresh-token-hard-expires-in"] == "true")
        {
            body["x_refresh_token_hard_expires_in"] = 157_680_000;
        }

        return Results.Json(body, Json);
    }

    // Consent is automatic: the simulated admin always clicks "Connect".
    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != Options.ClientId || query["response_type"] != "code" || !query["scope"].ToString().Contains("com.intuit.quickbooks.accounting", StringComparison.Ordinal)
            || !Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out var redirect) || !redirect.IsLoopback)
        {
            return Results.BadRequest("invalid authorization request");
        }

        var code = OAuth.IssueCode(redirect);
        var separator = redirect.Query.Length > 0 ? "&" : "?";
        return Results.Redirect($"{redirect}{separator}code={code}&state={Uri.EscapeDataString(query["state"].ToString())}&realmId={Options.RealmId}");
    }

    private IResult Query(HttpContext context, string text)
    {
        if (Options.RefuseLastUpdatedQueries && text.Contains("MetaData.LastUpdatedTime", StringComparison.OrdinalIgnoreCase))
        {
            return Fault(400, "ValidationFault", "Error parsing query", "QueryParserError: MetaData.LastUpdatedTime is not queryable", "4000");
        }

        if (Options.RefusePaymentQueries && text.Contains("from Payment", StringComparison.OrdinalIgnoreCase))
        {
            return Fault(400, "ValidationFault", "Error parsing query", "QueryParserError: Invalid entity Payment", "4000");
        }

        QbQuery query;
        try
        {
            query = QbQuery.Parse(text);
        }
        catch (FormatException ex)
        {
            return Fault(400, "ValidationFault", "Error parsing query", $"QueryParserError: {ex.Message}", "4000");
        }

        var includeLink = context.Request.Query["include"].ToString().Contains("invoiceLink", StringComparison.OrdinalIgnoreCase);
        var max = Math.Min(query.MaxResults ?? 100, Options.MaxResults);
        var (rows, error) = Store.Locked(() =>
        {
            Store.ApplyScheduled();
            var (all, failure) = Select(query, includeLink);
            return (all is null ? null : query.Count ? all : all.Skip(query.StartPosition - 1).Take(max).Select(render => render()).Select(json => (Func<JsonObject>)(() => json)).ToList(), failure);
        });
        if (error is not null)
        {
            return Fault(400, "ValidationFault", "Error parsing query", $"QueryValidationError: {error}", "4001");
        }

        var response = new JsonObject();
        if (query.Count)
        {
            response["totalCount"] = rows!.Count;
        }
        else
        {
            var page = rows!;
            if (page.Count > 0)
            {
                response[query.Entity] = new JsonArray(page.Select(render => (JsonNode?)render()).ToArray());
                response["startPosition"] = query.StartPosition;
                response["maxResults"] = page.Count;
            }
        }

        return Ok(new JsonObject { ["QueryResponse"] = response });
    }

    private (List<Func<JsonObject>>? Rows, string? Error) Select(QbQuery query, bool includeLink)
    {
        IEnumerable<(Func<string, (bool Known, object? Value)> Field, Func<JsonObject> Json)> source = query.Entity.ToLowerInvariant() switch
        {
            "invoice" => Store.Invoices.Where(i => !i.Deleted).Select(i => ((Func<string, (bool, object?)>)(f => InvoiceField(i, f)), (Func<JsonObject>)(() => Render(i, includeLink)))),
            "customer" => Store.Customers
                .Where(c => c.Active || query.Conditions.Any(k => k.Field.Equals("Active", StringComparison.OrdinalIgnoreCase)))
                .Select(c => ((Func<string, (bool, object?)>)(f => CustomerField(c, f)), (Func<JsonObject>)(() => Render(c)))),
            "payment" => Store.Payments.Select(p => ((Func<string, (bool, object?)>)(f => PaymentField(p, f)), (Func<JsonObject>)(() => Render(p)))),
            _ => [],
        };
        if (query.Entity.ToLowerInvariant() is not ("invoice" or "customer" or "payment"))
        {
            return (null, $"Entity {query.Entity} is not supported by this simulator");
        }

        // Id lookups (IN lists of 100 ids over every customer) would dominate a large company: index them.
        if (query.Conditions.FirstOrDefault(c => c.Field.Equals("Id", StringComparison.OrdinalIgnoreCase) && c.Operator is "IN" or "=") is { } byId)
        {
            var ids = byId.Values.ToHashSet(StringComparer.Ordinal);
            source = source.Where(row => ids.Contains((string)row.Field("Id").Value!));
        }

        var rows = new List<(Func<string, (bool Known, object? Value)> Field, Func<JsonObject> Json)>();
        foreach (var row in source)
        {
            var keep = true;
            foreach (var condition in query.Conditions)
            {
                var (known, value) = row.Field(condition.Field);
                if (!known)
                {
                    return (null, $"Property {condition.Field} not found for Entity {query.Entity}");
                }

                keep &= condition.Matches(value);
            }

            if (keep)
            {
                rows.Add(row);
            }
        }

        IEnumerable<(Func<string, (bool Known, object? Value)> Field, Func<JsonObject> Json)> ordered = rows.OrderBy(r => long.Parse(r.Field("Id").Value!.ToString()!, CultureInfo.InvariantCulture));
        if (query.OrderBy is { } orderBy)
        {
            if (!rows.FirstOrDefault().Field?.Invoke(orderBy).Known ?? false)
            {
                return (null, $"Property {orderBy} not found for Entity {query.Entity}");
            }

            ordered = query.Descending ? ordered.OrderByDescending(r => SortKey(r.Field(orderBy).Value)) : ordered.OrderBy(r => SortKey(r.Field(orderBy).Value));
        }

        return (ordered.Select(r => r.Json).ToList(), null);
    }

    private static IComparable SortKey(object? value) => value switch
    {
        null => "",
        string s when long.TryParse(s, out var n) => n,
        IComparable c => c,
        _ => value.ToString()!,
    };

    private static (bool, object?) InvoiceField(QbInvoice i, string field) => field.ToLowerInvariant() switch
    {
        "id" => (true, i.Id),
        "balance" => (true, i.Balance),
        "totalamt" => (true, i.TotalAmt),
        "duedate" => (true, i.DueDate),
        "txndate" => (true, i.TxnDate),
        "docnumber" => (true, i.DocNumber),
        "customerref" => (true, i.CustomerId),
        "metadata.lastupdatedtime" => (true, i.LastUpdated),
        "metadata.createtime" => (true, i.Created),
        _ => (false, null),
    };

    private static (bool, object?) CustomerField(QbCustomer c, string field) => field.ToLowerInvariant() switch
    {
        "id" => (true, c.Id),
        "displayname" => (true, c.DisplayName),
        "active" => (true, c.Active),
        "metadata.lastupdatedtime" => (true, c.LastUpdated),
        "metadata.createtime" => (true, c.Created),
        _ => (false, null),
    };

    private static (bool, object?) PaymentField(QbPayment p, string field) => field.ToLowerInvariant() switch
    {
        "id" => (true, p.Id),
        "metadata.lastupdatedtime" => (true, p.LastUpdated),
        _ => (false, null),
    };

    private IResult Cdc(HttpContext context)
    {
        var entities = context.Request.Query["entities"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!DateTimeOffset.TryParse(context.Request.Query["changedSince"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            return Fault(400, "ValidationFault", "Invalid changedSince", "changedSince is required: a date or date-time", "2010");
        }

        if (entities.FirstOrDefault(e => Options.CdcRefusedEntities.Contains(e, StringComparer.OrdinalIgnoreCase)) is { } refused)
        {
            return Fault(400, "ValidationFault", "Invalid entity", $"Entity {refused} is not supported by ChangeDataCapture", "2010");
        }

        if (since < Store.Clock.GetUtcNow().AddDays(-30))
        {
            return Fault(400, "ValidationFault", "Invalid changedSince", "changedSince cannot be more than 30 days in the past", "2010");
        }

        var groups = new JsonArray();
        var left = Options.CdcMaxObjects;
        Store.Locked(() =>
        {
            Store.ApplyScheduled();
            foreach (var entity in entities)
            {
                var items = entity.ToLowerInvariant() switch
                {
                    "invoice" => Store.Invoices.Where(i => i.LastUpdated > since).OrderBy(i => i.Deleted).ThenBy(i => i.LastUpdated)
                        .Select(i => i.Deleted ? Deleted(i.Id, i.LastUpdated) : Render(i, includeLink: false)).ToList(),
                    "customer" => Store.Customers.Where(c => c.LastUpdated > since).OrderBy(c => c.LastUpdated).Select(Render).ToList(),
                    "payment" => Store.Payments.Where(p => p.LastUpdated > since).OrderBy(p => p.LastUpdated).Select(Render).ToList(),
                    _ => [],
                };
                var taken = items.Take(left).ToList();
                left -= taken.Count;
                var group = new JsonObject();
                if (taken.Count > 0)
                {
                    group[Capitalised(entity)] = new JsonArray(taken.ToArray<JsonNode?>());
                }

                group["startPosition"] = 1;
                group["maxResults"] = taken.Count;
                group["totalCount"] = taken.Count;
                groups.Add(group);
            }

            return 0;
        });
        return Ok(new JsonObject { ["CDCResponse"] = new JsonArray(new JsonObject { ["QueryResponse"] = groups }) });
    }

    private IResult ReadInvoice(HttpContext context, string id)
    {
        var invoice = Store.FindInvoice(id);
        if (invoice is null || invoice.Deleted)
        {
            return Fault(400, "ValidationFault", "Object Not Found", "Object Not Found : Something you're trying to use has been made inactive.", "610");
        }

        var result = Ok(new JsonObject { ["Invoice"] = Render(invoice, context.Request.Query["include"].ToString().Contains("invoiceLink", StringComparison.OrdinalIgnoreCase)) });
        bool edit;
        lock (_editOnNextRead)
        {
            edit = _editOnNextRead.Remove(id);
        }

        if (edit)
        {
            Store.Update(id, i => i.PrivateNote = (string.IsNullOrEmpty(i.PrivateNote) ? "" : i.PrivateNote + "\n") + "Called customer, promised Friday (bookkeeper)");
        }

        return result;
    }

    private async Task<IResult> UpdateInvoiceAsync(HttpContext context)
    {
        var (parsed, problem, _) = await StrictJson.ReadObjectAsync(context.Request, InvoiceUpdateFields);
        if (parsed is not { } body)
        {
            return Fault(400, "ValidationFault", "Request has invalid or unsupported property", problem!, "2010");
        }

        var id = body["Id"]?.GetValue<string>() ?? "";
        var syncToken = body["SyncToken"]?.GetValue<string>();
        var sparse = body["sparse"]?.GetValue<bool>() ?? false;
        var note = body["PrivateNote"]?.GetValue<string>();
        if (note?.Length > 4000)
        {
            return Fault(400, "ValidationFault", "String length is either shorter or longer than supported by specification", "PrivateNote: max 4000 characters", "2050");
        }

        return Store.Locked(() =>
        {
            var invoice = Store.FindInvoice(id);
            if (invoice is null || invoice.Deleted)
            {
                return Fault(400, "ValidationFault", "Object Not Found", "Object Not Found : Something you're trying to use has been made inactive.", "610");
            }

            if (syncToken != invoice.SyncToken.ToString(CultureInfo.InvariantCulture))
            {
                return Fault(400, "ValidationFault", "Stale Object Error", $"Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved. SyncToken mismatch.", "5010");
            }

            if (sparse)
            {
                if (body.ContainsKey("PrivateNote"))
                {
                    invoice.PrivateNote = note;
                }
            }
            else
            {
                // A full update clears every writable field the body leaves out.
                invoice.PrivateNote = note;
                invoice.BillEmail = body["BillEmail"]?["Address"]?.GetValue<string>();
            }

            Store.Touch(invoice, "Update");
            return Ok(new JsonObject { ["Invoice"] = Render(invoice, includeLink: false) });
        });
    }

    private IResult Send(HttpContext context, string id)
    {
        if (!string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return Fault(400, "ValidationFault", "Unsupported Media Type", "Content-Type must be application/octet-stream", "2010");
        }

        var sendTo = context.Request.Query["sendTo"].ToString();
        return Store.Locked(() =>
        {
            var invoice = Store.FindInvoice(id);
            if (invoice is null || invoice.Deleted)
            {
                return Fault(400, "ValidationFault", "Object Not Found", "Object Not Found", "610");
            }

            var to = sendTo.Length > 0 ? sendTo : invoice.BillEmail ?? Store.FindCustomer(invoice.CustomerId)?.Email;
            if (string.IsNullOrEmpty(to))
            {
                return Fault(400, "ValidationFault", "Email Address is missing", "Provide sendTo or set BillEmail", "6000");
            }

            var now = Store.Clock.GetUtcNow();
            if (Options.EmailsPerDay > 0 && Store.SentOn(DateOnly.FromDateTime(now.UtcDateTime)) >= Options.EmailsPerDay)
            {
                return Fault(400, "ValidationFault", "Email limit reached", $"Sandbox companies can send {Options.EmailsPerDay} e-mails a day", "6001");
            }

            invoice.EmailStatus = "EmailSent";
            invoice.BillEmail = to;
            invoice.DeliveryTime = now;
            Store.Touch(invoice, "Emailed");
            Store.RecordSent(new QbSentEmail(id, to, now));
            return Ok(new JsonObject { ["Invoice"] = Render(invoice, includeLink: false) });
        });
    }

    // A retried write with the same requestid gets the first answer and changes nothing.
    private async Task<IResult> Idempotent(HttpContext context, Func<Task<IResult>> write)
    {
        var requestId = context.Request.Query["requestid"].ToString();
        if (requestId.Length > 0 && _requestIds.TryGetValue(requestId, out var earlier))
        {
            return Results.Text(earlier.Body, "application/json", Encoding.UTF8, earlier.Status);
        }

        var result = await write();
        if (requestId.Length > 0 && result is IValueHttpResult { Value: JsonObject json } && result is IStatusCodeHttpResult status)
        {
            _requestIds[requestId] = (status.StatusCode ?? 200, json.ToJsonString());
        }

        return result;
    }

    private JsonObject Render(QbInvoice i, bool includeLink)
    {
        var customer = Store.FindCustomer(i.CustomerId);
        var json = new JsonObject
        {
            ["Id"] = i.Id,
            ["SyncToken"] = i.SyncToken.ToString(CultureInfo.InvariantCulture),
            ["domain"] = "QBO",
            ["sparse"] = false,
            ["TxnDate"] = i.TxnDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CurrencyRef"] = new JsonObject { ["value"] = i.Currency },
            ["CustomerRef"] = new JsonObject { ["value"] = i.CustomerId, ["name"] = customer?.DisplayName },
            ["TotalAmt"] = i.TotalAmt,
            ["Balance"] = i.Balance,
            ["EmailStatus"] = i.EmailStatus,
            ["MetaData"] = new JsonObject { ["CreateTime"] = Pacific(i.Created), ["LastUpdatedTime"] = Pacific(i.LastUpdated) },
        };
        if (i.DocNumber is not null)
        {
            json["DocNumber"] = i.DocNumber;
        }

        if (i.DueDate is { } due)
        {
            json["DueDate"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(i.PrivateNote))
        {
            json["PrivateNote"] = i.PrivateNote;
        }

        if (i.BillEmail is not null)
        {
            json["BillEmail"] = new JsonObject { ["Address"] = i.BillEmail };
        }

        if (i.DeliveryTime is { } delivered)
        {
            json["DeliveryInfo"] = new JsonObject { ["DeliveryType"] = "Email", ["DeliveryTime"] = Pacific(delivered) };
        }

        var payments = Store.PaymentsOf(i.Id);
        if (payments.Count > 0)
        {
            json["LinkedTxn"] = new JsonArray(payments.Select(p => (JsonNode?)new JsonObject { ["TxnId"] = p.Id, ["TxnType"] = "Payment" }).ToArray());
        }

        if (includeLink && i.OnlinePayment && i.Balance > 0m)
        {
            json["InvoiceLink"] = new Uri(Root, $"/portal/pay/{i.Id}").ToString();
        }

        return json;
    }

    private JsonObject Render(QbCustomer c)
    {
        var json = new JsonObject
        {
            ["Id"] = c.Id,
            ["SyncToken"] = c.SyncToken.ToString(CultureInfo.InvariantCulture),
            ["domain"] = "QBO",
            ["DisplayName"] = c.DisplayName,
            ["Active"] = c.Active,
            ["CurrencyRef"] = new JsonObject { ["value"] = c.Currency },
            ["MetaData"] = new JsonObject { ["CreateTime"] = Pacific(c.Created), ["LastUpdatedTime"] = Pacific(c.LastUpdated) },
        };
        if (c.CompanyName is not null)
        {
            json["CompanyName"] = c.CompanyName;
        }

        if (c.Email is not null)
        {
            json["PrimaryEmailAddr"] = new JsonObject { ["Address"] = c.Email };
        }

        if (c.Country is not null)
        {
            json["BillAddr"] = new JsonObject { ["Id"] = "1", ["Line1"] = "1 High Street", ["City"] = "Leeds", ["PostalCode"] = "LS1 4AP", ["Country"] = c.Country };
        }

        if (c.GivenName is not null)
        {
            json["GivenName"] = c.GivenName;
            json["FamilyName"] = c.FamilyName;
        }

        return json;
    }

    private static JsonObject Render(QbPayment p) => new()
    {
        ["Id"] = p.Id,
        ["SyncToken"] = "0",
        ["TxnDate"] = p.TxnDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["TotalAmt"] = p.Amount,
        ["CustomerRef"] = new JsonObject { ["value"] = p.CustomerId },
        ["Line"] = new JsonArray(new JsonObject
        {
            ["Amount"] = p.Amount,
            ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = p.InvoiceId, ["TxnType"] = "Invoice" }),
        }),
        ["MetaData"] = new JsonObject { ["CreateTime"] = Pacific(p.LastUpdated), ["LastUpdatedTime"] = Pacific(p.LastUpdated) },
    };

    private static JsonObject Deleted(string id, DateTimeOffset at) => new()
    {
        ["status"] = "Deleted",
        ["domain"] = "QBO",
        ["Id"] = id,
        ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = Pacific(at) },
    };

    private IResult Ok(JsonObject body)
    {
        body["time"] = Now();
        return Results.Json(body, Json);
    }

    private string Now() => Pacific(Store.Clock.GetUtcNow());

    private static string Pacific(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, PacificZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Capitalised(string entity) => char.ToUpperInvariant(entity[0]) + entity[1..].ToLowerInvariant();

    private static JsonObject FaultBody(string type, string message, string detail, string code) => new()
    {
        ["Error"] = new JsonArray(new JsonObject { ["Message"] = message, ["Detail"] = detail, ["code"] = code, ["element"] = "" }),
        ["type"] = type,
    };

    private static IResult Fault(int status, string type, string message, string detail, string code) =>
        Results.Json(new JsonObject { ["Fault"] = FaultBody(type, message, detail, code), ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, Json, statusCode: status);

    private static int StatusOf(object? result) => result switch
    {
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        ThrottledResult => 429,
        _ => 200,
    };

    private sealed class ThrottledResult(string xml, int? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => 429;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.ContentType = "application/xml";
            if (retryAfter is { } seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await httpContext.Response.WriteAsync(xml);
        }
    }
}
