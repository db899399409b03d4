using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Relance.Connector.Host.Hosting;
using Relance.Connectors;
using Relance.Domain;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>Verbs that let a person act on the ledger: approve or reject pending steps, close tasks, pause, promise, history.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> Create(Func<IHost>? hostFactory = null)
    {
        var build = hostFactory ?? (() => RelanceHost.CreateBuilder([], scheduling: false).Build());
        var connection = new Option<string?>("--connection") { Description = "Only this connection (default: every connection; for one invoice, customer or action, the one that holds it)." };
        var format = CliOptions.Format();
        var csvCulture = CliOptions.CsvCulture();

        var pending = new Command("pending", "List what waits for a person, in every connection: formal notices awaiting approval, open tasks, unsure sends, things to fix.") { connection, format, csvCulture };
        pending.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => PendingAsync(ctx, p.GetValue(format), p.GetValue(csvCulture), c), ct));

        var actionId = new Argument<string>("action") { Description = "The action id shown by 'relance pending'." };
        var approve = new Command("approve", "Approve a pending step (e.g. a formal notice): the next dunning run sends it.") { actionId, connection };
        approve.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => TransitionAsync(ctx, p.GetValue(actionId)!, ActionState.AwaitingApproval, ActionState.Approved, "approved", c), ct));

        var rejectId = new Argument<string>("action") { Description = "The action id shown by 'relance pending'." };
        var reject = new Command("reject", "Reject a pending step: it is never sent and the escalation goes on past it.") { rejectId, connection };
        reject.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => TransitionAsync(ctx, p.GetValue(rejectId)!, ActionState.AwaitingApproval, ActionState.Rejected, "rejected", c), ct));

        var doneId = new Argument<string>("action") { Description = "The task's action id shown by 'relance pending'." };
        var done = new Command("done", "Mark a task (phone call, hand-off) as done: the escalation resumes.") { doneId, connection };
        done.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => TransitionAsync(ctx, p.GetValue(doneId)!, ActionState.TaskOpen, ActionState.TaskDone, "done", c), ct));

        var resolveId = new Argument<string>("action") { Description = "The unsure action's id shown by 'relance pending'." };
        var sent = new Option<bool>("--sent") { Description = "It went out (found in the SMTP log or the recipient's mailbox): the escalation goes on." };
        var notSent = new Option<bool>("--not-sent") { Description = "It did not go out: the next run sends the step again." };
        var resolve = new Command("resolve", "Settle an unsure send (interrupted between send and confirmation): --sent or --not-sent.") { resolveId, sent, notSent, connection };
        resolve.SetAction((p, ct) => p.GetValue(sent) == p.GetValue(notSent)
            ? Task.FromResult(Usage("Give exactly one of --sent or --not-sent."))
            : WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => p.GetValue(sent)
                ? TransitionAsync(ctx, p.GetValue(resolveId)!, ActionState.Unsure, ActionState.Sent, "confirmed sent", c)
                : TransitionAsync(ctx, p.GetValue(resolveId)!, ActionState.Unsure, ActionState.Failed, "confirmed not sent (will be sent again)", c), ct));

        var customer = new Option<string?>("--customer") { Description = "A customer: its name (or a part of it that only one customer has) or the platform's id." };
        var invoice = new Option<string?>("--invoice") { Description = "An invoice: its number (F-2026-001) or the platform's id." };
        var until = new Option<DateOnly?>("--until") { Description = "Last day of the hold (2026-12-15 or 15/12/2026); open-ended without it.", CustomParser = CliDates.Optional("--until") };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the ledger and in the platform note." };
        var pause = new Command("pause", "Pause reminders for a customer or an invoice, until a date or until 'resume'.") { customer, invoice, until, reason, connection };
        pause.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => HoldAsync(ctx, p.GetValue(customer), p.GetValue(invoice), HoldKind.Paused, p.GetValue(until), p.GetValue(reason) ?? "paused by an admin", c), ct));

        var resume = new Command("resume", "Lift a pause (or a promise) on a customer or an invoice.") { customer, invoice, connection };
        resume.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => ResumeAsync(ctx, p.GetValue(customer), p.GetValue(invoice), c), ct));

        var promiseUntil = new Option<DateOnly>("--until") { Description = "The date the customer promised to pay by (2026-12-15 or 15/12/2026).", Required = true, CustomParser = CliDates.Required("--until") };
        var requiredInvoice = new Option<string>("--invoice") { Description = "The invoice: its number or the platform's id.", Required = true };
        var promise = new Command("promise", "Record a promise to pay: no reminder for that invoice until the date.") { requiredInvoice, promiseUntil, reason, connection };
        promise.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => HoldAsync(ctx, null, p.GetValue(requiredInvoice), HoldKind.PromiseToPay, p.GetValue(promiseUntil), p.GetValue(reason) ?? "promise to pay", c), ct));

        var history = new Command("history", "Every step decided, sent, approved or failed for an invoice, with details.") { requiredInvoice, connection, format, csvCulture };
        history.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => WithInvoiceAsync(ctx, p.GetValue(requiredInvoice)!, (one, stored) => HistoryAsync(one, stored, p.GetValue(format), p.GetValue(csvCulture), c), c), ct));

        var days = new Option<int>("--days") { Description = "How many days ahead (default 14).", DefaultValueFactory = _ => 14 };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Plan from this day (2026-12-15 or 15/12/2026); default today.", CustomParser = CliDates.Optional("--as-of") };
        var withSync = new Option<bool>("--sync") { Description = "Sync with the platform first (reads only; nothing is sent or written back)." };
        var plan = new Command("plan", "Dry run from the stored state of every connection: which reminder each invoice gets on which day, amounts, interest and the reason for every postponement or hold. Sends nothing.") { connection, days, asOf, format, csvCulture, withSync };
        plan.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), async (ctx, c) =>
        {
            if (p.GetValue(withSync) && await SyncCommand.SyncAllAsync(ctx.Services, ctx.Targets, c) != 0)
            {
                return 1;
            }

            return await PlanCommand.PlanAsync(ctx.Services, ctx.Targets, p.GetValue(asOf), p.GetValue(days), p.GetValue(format), p.GetValue(csvCulture), c);
        }, ct));

        var sync = new Command("sync", "Read the platforms into the ledger now, every enabled connection or the one named (a first sync of a large account shows its progress). Sends nothing.") { connection };
        sync.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => SyncCommand.SyncAllAsync(ctx.Services, ctx.Enabled, c), ct));

        var step = new Option<string?>("--step") { Description = "The step to render (default: the one due, else the next one)." };
        var lang = new Option<string?>("--lang") { Description = "fr or en (default: the customer's language)." };
        var output = new Option<string?>("--out") { Description = "Write the message to file.eml, or the letter to file.pdf." };
        var preview = new Command("preview", "Render the exact message (or formal notice letter) that would go out for an invoice on a date. Sends nothing.") { requiredInvoice, step, lang, asOf, output, connection };
        preview.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => WithInvoiceAsync(ctx, p.GetValue(requiredInvoice)!, (one, stored) => PlanCommand.PreviewAsync(one.Services, one.Connection, stored, p.GetValue(step), p.GetValue(lang), p.GetValue(asOf), p.GetValue(output), c), c), ct));

        var reportFormat = new Option<string>("--format") { Description = "table, json, csv or html (with charts).", DefaultValueFactory = _ => "table" };
        reportFormat.AcceptOnlyFromAmong("table", "json", "csv", "html");
        var reportOut = new Option<string?>("--out") { Description = "Write the report to this file instead of the terminal." };
        var report = new Command("report", $"Receivables figures of every connection: open and overdue amounts, aging buckets, DSO ({Engine.Reporting.ReceivablesReport.DsoFormula}), unpaid rate, top and chronic late payers, reminders per step and the share paid since.") { connection, asOf, reportFormat, csvCulture, reportOut };
        report.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => ReportCommand.RunAsync(ctx.Services, ctx.Targets, p.GetValue(asOf), p.GetValue(reportFormat)!, p.GetValue(csvCulture), p.GetValue(reportOut), c), ct));

        var instalments = new Option<string[]>("--instalment") { Description = "An instalment as DATE=AMOUNT (2026-12-15=500 or 15/12/2026=500,50); repeat for each.", Required = true, AllowMultipleArgumentsPerToken = true };
        var paymentPlan = new Command("payment-plan", "Record a payment plan (échéancier): reminders wait while instalments are paid; a missed one resumes the escalation.") { requiredInvoice, instalments, connection };
        paymentPlan.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => WithInvoiceAsync(ctx, p.GetValue(requiredInvoice)!, (one, stored) => PaymentPlanAsync(one, stored, p.GetValue(instalments)!, c), c), ct));

        var send = new Option<bool>("--send") { Description = "Send it to Relance:Alerts:To now (once a day: a digest already sent today is not sent again)." };
        var digest = new Command("digest", "Print the admin's daily digest of today (yesterday's sends and failures, what waits for a person, with the command for each), or --send it.") { send };
        digest.SetAction((p, ct) => WithLedgerAsync(build, null, (ctx, c) => DigestAsync(ctx, p.GetValue(send), c), ct));

        var retryCustomer = new Option<string?>("--customer") { Description = "Only this customer (name or id); default: every customer held for a template error." };
        var retry = new Command("retry", "After fixing a template: lift the holds a template error put on customers, so the next run writes their reminders again.") { retryCustomer, connection };
        retry.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => p.GetValue(retryCustomer) is { } who
            ? WithCustomerAsync(ctx, who, (one, id, name) => RetryAsync(one, id, c), c)
            : RetryAsync(ctx, null, c), ct));

        var readNow = new Option<bool>("--read") { Description = "Read the reply mailbox (Relance:Inbox) now, then list." };
        var last = new Option<int>("--last") { Description = "How many of the most recent messages to list.", DefaultValueFactory = _ => 30 };
        var inbox = new Command("inbox", "What came back to the reminders' Reply-To, most recent first: replies (which hold the invoice or customer), bounces (which stop e-mails to the address), automatic answers, and what matched nothing.") { readNow, last, format, csvCulture };
        inbox.SetAction((p, ct) => WithLedgerAsync(build, null, (ctx, c) => InboxAsync(ctx, p.GetValue(readNow), p.GetValue(last), p.GetValue(format), p.GetValue(csvCulture), c), ct));

        var suggestedInvoice = new Option<string?>("--invoice") { Description = "The invoice a reply was matched to (number or platform id)." };
        var suggestedCustomer = new Option<string?>("--customer") { Description = "The customer a reply was matched to (name or id)." };
        var accept = new Command("accept-suggestion", "Record what the customer's latest reply suggests (shown by pending and inbox): a payment claimed pauses 14 days, a dispute holds until resumed, a promise holds until its date.") { suggestedInvoice, suggestedCustomer, connection };
        accept.SetAction((p, ct) => WithLedgerAsync(build, p.GetValue(connection), (ctx, c) => AcceptSuggestionAsync(ctx, p.GetValue(suggestedCustomer), p.GetValue(suggestedInvoice), c), ct));

        return [sync, pending, approve, reject, done, resolve, pause, resume, promise, paymentPlan, history, plan, preview, report, digest, retry, inbox, accept];
    }

    private static async Task<int> WithLedgerAsync(Func<IHost> build, string? connection, Func<AdminContext, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        using var host = build();
        if (!await RelanceCli.StartOrReportAsync(host, cancellationToken))
        {
            return 1;
        }

        var relance = host.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
        CliText.Use(relance.Language);
        var configured = relance.Connections;
        if (configured.Count == 0)
        {
            AnsiConsole.MarkupLine("[red]No connection is configured under Relance:Connections: add one to appsettings.json (README, \"Configuration reference\"). `relance demo` keeps its simulated companies to itself.[/]");
            return 1;
        }

        var names = configured.Keys.Order(StringComparer.Ordinal).ToList();
        var chosen = connection is null ? null : names.FirstOrDefault(n => string.Equals(n, connection, StringComparison.OrdinalIgnoreCase));
        if (connection is not null && chosen is null)
        {
            var near = ConfigurationShape.Closest(connection, names);
            AnsiConsole.MarkupLineInterpolated($"[red]No connection named '{connection}'{(near is null ? "" : $" (did you mean '{near}'?)")}; configured: {string.Join(", ", names)}.[/]");
            return 2;
        }

        // Named, a connection is taken even when disabled: an admin may look at or act on an account it no longer runs.
        var targets = chosen is null ? names : [chosen];
        var enabled = chosen is null ? names.Where(n => configured[n].Enabled).ToList() : targets;
        var context = new AdminContext(targets, enabled, host.Services.GetRequiredService<IDunningLedger>(), host.Services.GetRequiredService<ConnectionFactory>(), host.Services.GetRequiredService<RelanceClock>(), host.Services);
        var result = await action(context, cancellationToken);
        await host.StopAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs <paramref name="action"/> on the one invoice <paramref name="text"/> names, in the connection that holds it.</summary>
    private static async Task<int> WithInvoiceAsync(AdminContext context, string text, Func<AdminContext, StoredInvoice, Task<int>> action, CancellationToken cancellationToken)
    {
        var found = await InvoiceLookup.FindInvoicesAsync(context.Ledger, context.Targets, text, cancellationToken);
        switch (found.Count)
        {
            case 0:
                AnsiConsole.MarkupLineInterpolated($"[red]{await InvoiceLookup.UnknownInvoiceAsync(context.Ledger, context.Targets, text, cancellationToken)}[/]");
                return 1;
            case 1:
                return await action(context.For(found[0].Connection), found[0].Invoice);
            default:
                var which = string.Join("; ", found.Select(f => $"{f.Connection}: id {f.Invoice.Invoice.Id}, {f.Invoice.Customer?.Name ?? f.Invoice.Invoice.CustomerId}, {f.Invoice.Invoice.AmountDue}"));
                AnsiConsole.MarkupLineInterpolated($"[red]{found.Count} invoices answer to '{text}' ({which}): give the platform's id, or --connection.[/]");
                return 2;
        }
    }

    private static async Task<int> PendingAsync(AdminContext context, CliFormat format, CsvCulture csvCulture, CancellationToken cancellationToken)
    {
        var listing = new Listing(("connection", CliText.T("Connection")), ("action", CliText.T("Action")), ("invoice", CliText.T("Invoice")), ("amount_due", CliText.T("Due")), ("customer", CliText.T("Customer")), ("step", CliText.T("Step")), ("state", CliText.T("State")), ("since", CliText.T("Since")), ("detail", CliText.T("Detail")));
        var options = context.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
        foreach (var name in context.Targets)
        {
            var (culture, zone) = CliOptions.Locale(options.Connections[name]);
            var actions = (await context.Ledger.GetActionsAsync(name, null, cancellationToken))
                .Where(a => a.State is ActionState.AwaitingApproval or ActionState.TaskOpen or ActionState.Approved or ActionState.Unsure || a.NoteState == NoteState.Unsure);
            foreach (var action in actions)
            {
                var invoice = await context.Ledger.GetInvoiceAsync(name, action.InvoiceId, cancellationToken);
                listing.Add(
                    culture,
                    name,
                    action.Id,
                    invoice?.Invoice.Number ?? action.InvoiceId,
                    invoice?.Invoice.AmountDue,
                    invoice?.Customer?.Name ?? action.CustomerId,
                    action.Step,
                    action.State.ToString(),
                    TimeZoneInfo.ConvertTime(action.ClaimedAt, zone),
                    action.State == ActionState.Unsure
                        ? $"{action.Detail} — Message-Id <{action.Id}@relance>"
                        : action.NoteState == NoteState.Unsure
                            ? $"note may or may not be in the platform: look for [relance:{action.Id}] there"
                            : action.Detail ?? "");
            }

            // Things only a person can fix, one line each however many days they have waited.
            var holds = await context.Ledger.GetHoldsAsync(name, cancellationToken);
            foreach (var fix in holds.Where(h => Hold.NeedsAPerson(h.Kind)))
            {
                var then = fix.Kind == nameof(HoldKind.ContactMissing) ? "; reminders resume by themselves once a sync brings a working address" : "";
                listing.Add(culture, name, "", "", null, fix.TargetId, "to fix", fix.Kind, TimeZoneInfo.ConvertTime(fix.CreatedAt, zone), fix.Reason + then);
            }

            // Customers who answered: their reminders wait; what they wrote may call for a pause, a promise or a dispute.
            var today = context.Clock.Today(zone);
            foreach (var reply in holds.Where(h => h.Kind == nameof(HoldKind.CustomerReplied) && (h.Until is null || h.Until >= today)))
            {
                listing.Add(culture, name, "", reply.Scope == "invoice" ? reply.TargetId : "", null, reply.Scope == "customer" ? reply.TargetId : "", "to read", reply.Kind, TimeZoneInfo.ConvertTime(reply.CreatedAt, zone), $"{reply.Reason}; held until {reply.Until:yyyy-MM-dd} (relance inbox; relance pause|promise|resume)");
            }
        }

        listing.Write(format, csvCulture);
        if (format == CliFormat.Table)
        {
            Console.Out.WriteLine(CliText.T("PendingFooter", listing.Count, string.Join(", ", context.Targets)));
        }

        return 0;
    }

    private static async Task<int> InboxAsync(AdminContext context, bool readNow, int last, CliFormat format, CsvCulture csvCulture, CancellationToken cancellationToken)
    {
        var service = context.Services.GetRequiredService<Engine.Inbox.InboxService>();
        if (readNow)
        {
            if (!context.Services.GetRequiredService<IOptions<Engine.Inbox.InboxOptions>>().Value.Enabled)
            {
                AnsiConsole.MarkupLine("[red]No reply mailbox: set Relance:Inbox:Host (and UserName, Password or OAuth2) to read replies and bounces.[/]");
                return 1;
            }

            try
            {
                var read = await service.ReadAsync(cancellationToken);
                Console.Error.WriteLine($"{read.Count} new message(s) read.");
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException or MailKit.Net.Imap.ImapCommandException or MailKit.FolderNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The reply mailbox could not be read: {ex.Message}[/]");
                return 1;
            }
        }

        var listing = new Listing(("read", CliText.T("Since")), ("from", "From"), ("subject", "Subject"), ("kind", CliText.T("State")), ("connection", CliText.T("Connection")), ("target", CliText.T("Invoice")), ("outcome", CliText.T("Detail")));
        foreach (var record in await service.RecentAsync(last, cancellationToken))
        {
            var target = record.InvoiceId is { } invoice
                ? (await context.Ledger.GetInvoiceAsync(record.Connection!, invoice, cancellationToken))?.Invoice.Number ?? invoice
                : record.CustomerId is { } customer ? $"customer {customer}" : "";
            listing.Add(CultureInfo.InvariantCulture, record.ReadAt, record.From, record.Subject, record.Kind.ToString(), record.Connection ?? "(unmatched)", target, $"{record.Outcome} — {record.Reason}");
        }

        listing.Write(format, csvCulture);
        return 0;
    }

    private static async Task<int> DigestAsync(AdminContext context, bool send, CancellationToken cancellationToken)
    {
        var digest = context.Services.GetRequiredService<Engine.Alerts.DailyDigest>();
        var alerts = context.Services.GetRequiredService<IOptions<RelanceOptions>>().Value.Alerts;
        if (!send)
        {
            var message = await digest.ComposeAsync(context.Clock.Today(TimeZoneInfo.FindSystemTimeZoneById(alerts.TimeZone)), cancellationToken);
            Console.Out.WriteLine(message.Subject);
            Console.Out.WriteLine();
            Console.Out.Write(message.Body);
            return 0;
        }

        if (alerts.To.Count == 0)
        {
            AnsiConsole.MarkupLine("[red]No admin address: set Relance:Alerts:To to receive the digest.[/]");
            return 1;
        }

        try
        {
            var sent = await digest.SendAsync(cancellationToken);
            Console.Out.WriteLine(sent ? $"Digest sent to {string.Join(", ", alerts.To)}." : "Today's digest was already sent.");
            return 0;
        }
        catch (Delivery.DeliveryException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The digest could not be sent: {ex.Message}[/]");
            return 1;
        }
    }

    private static async Task<int> RetryAsync(AdminContext context, string? customerId, CancellationToken cancellationToken)
    {
        var lifted = 0;
        foreach (var name in context.Targets)
        {
            foreach (var hold in (await context.Ledger.GetHoldsAsync(name, cancellationToken)).Where(h => h.Kind == nameof(HoldKind.TemplateBroken) && (customerId is null || h.TargetId == customerId)))
            {
                lifted += await context.Ledger.RemoveHoldAsync(name, hold.Scope, hold.TargetId, hold.Kind, cancellationToken) ? 1 : 0;
            }
        }

        Console.Out.WriteLine(lifted == 0
            ? "No customer is held for a template error."
            : $"{lifted} customer(s) no longer held: the next dunning run writes their reminders again (`relance preview --invoice <number>` shows one first).");
        return 0;
    }

    private static int Usage(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{message}[/]");
        return 2;
    }

    private static async Task<int> TransitionAsync(AdminContext context, string actionId, ActionState from, ActionState to, string verb, CancellationToken cancellationToken)
    {
        var action = await context.Ledger.FindActionAsync(actionId, cancellationToken);
        if (action is null || !context.Targets.Contains(action.Connection, StringComparer.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No action '{actionId}' in {InvoiceLookup.Where(context.Targets)}. See 'relance pending'.[/]");
            return 1;
        }

        if (!await context.Ledger.TransitionAsync(actionId, from, to, $"{verb} by {Environment.UserName}", context.Clock.UtcNow, cancellationToken))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Action '{actionId}' is {action.State}, not {from}: nothing changed.[/]");
            return 1;
        }

        var invoice = await context.Ledger.GetInvoiceAsync(action.Connection, action.InvoiceId, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Step '{action.Step}' of invoice {invoice?.Invoice.Number ?? action.InvoiceId} ({action.Connection}): {verb}.");
        if (action.Detail?.Contains("held until the figures are checked", StringComparison.Ordinal) == true)
        {
            // Said once more at the moment of deciding: the letter will state these figures as they are.
            AnsiConsole.MarkupLineInterpolated($"It was held because: {action.Detail}");
        }

        return 0;
    }

    private static async Task<int> HoldAsync(AdminContext context, string? customer, string? invoice, HoldKind kind, DateOnly? until, string reason, CancellationToken cancellationToken)
    {
        if ((customer is null) == (invoice is null))
        {
            AnsiConsole.MarkupLine("[red]Give exactly one of --customer or --invoice.[/]");
            return 2;
        }

        return invoice is not null
            ? await WithInvoiceAsync(context, invoice, (one, stored) => HoldOnAsync(one, "invoice", stored.Invoice.Id, $"invoice {stored.Invoice.Number}", kind, until, reason, cancellationToken), cancellationToken)
            : await WithCustomerAsync(context, customer!, (one, id, name) => HoldOnAsync(one, "customer", id, $"customer {name} ({id})", kind, until, reason, cancellationToken), cancellationToken);
    }

    private static async Task<int> AcceptSuggestionAsync(AdminContext context, string? customer, string? invoice, CancellationToken cancellationToken)
    {
        if ((customer is null) == (invoice is null))
        {
            AnsiConsole.MarkupLine("[red]Give exactly one of --customer or --invoice.[/]");
            return 2;
        }

        async Task<int> AcceptAsync(AdminContext one, string scope, string target, string shown)
        {
            var hold = await one.Services.GetRequiredService<Engine.Inbox.InboxService>().AcceptSuggestionAsync(one.Connection, scope, target, cancellationToken);
            if (hold is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No reply about {shown} in '{one.Connection}' suggests anything: see `relance inbox`, then pause, promise or resume yourself.[/]");
                return 1;
            }

            await NoteAsync(one, scope, target, NoteTexts.Hold(await AccountLanguageAsync(one, cancellationToken), hold.Reason, hold.Until), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{hold.Kind} recorded on {shown} in '{one.Connection}'{(hold.Until is { } d ? $" until {d:yyyy-MM-dd}" : "")}: {hold.Reason}.");
            return 0;
        }

        return invoice is not null
            ? await WithInvoiceAsync(context, invoice, (one, stored) => AcceptAsync(one, "invoice", stored.Invoice.Id, $"invoice {stored.Invoice.Number}"), cancellationToken)
            : await WithCustomerAsync(context, customer!, (one, id, name) => AcceptAsync(one, "customer", id, $"customer {name} ({id})"), cancellationToken);
    }

    private static async Task<int> HoldOnAsync(AdminContext context, string scope, string target, string shown, HoldKind kind, DateOnly? until, string reason, CancellationToken cancellationToken)
    {
        await context.Ledger.SetHoldAsync(new HoldRecord(context.Connection, scope, target, kind.ToString(), until, reason, context.Clock.UtcNow), cancellationToken);
        var text = NoteTexts.Hold(await AccountLanguageAsync(context, cancellationToken), reason, until);
        await NoteAsync(context, scope, target, text, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"{kind} recorded on {shown} in '{context.Connection}'{(until is { } d ? $" until {d:yyyy-MM-dd}" : "")}.");
        return 0;
    }

    /// <summary>Runs <paramref name="action"/> on the one customer <paramref name="text"/> names (id or name), in its connection.</summary>
    private static async Task<int> WithCustomerAsync(AdminContext context, string text, Func<AdminContext, string, string, Task<int>> action, CancellationToken cancellationToken)
    {
        var matches = await InvoiceLookup.FindCustomersAsync(context.Ledger, context.Targets, text, cancellationToken);
        switch (matches.Found.Count)
        {
            case 0:
                AnsiConsole.MarkupLineInterpolated($"[red]No customer '{text}' has an invoice in the ledger of {InvoiceLookup.Where(context.Targets)}{(matches.Closest.Count > 0 ? $"; closest names: {string.Join(", ", matches.Closest)}" : "")}. Give its name or the platform's customer id, or run `relance sync`.[/]");
                return 1;
            case 1:
                var (connection, id, name) = matches.Found[0];
                return await action(context.For(connection), id, name);
            default:
                var which = string.Join("; ", matches.Found.Take(10).Select(f => $"{f.Name} ({f.Connection}, id {f.Id})"));
                AnsiConsole.MarkupLineInterpolated($"[red]{matches.Found.Count} customers answer to '{text}': {which}. Give the full name or the id, or --connection.[/]");
                return 2;
        }
    }

    private static async Task<int> PaymentPlanAsync(AdminContext context, StoredInvoice stored, string[] instalments, CancellationToken cancellationToken)
    {
        var parsed = new List<Instalment>();
        foreach (var text in instalments)
        {
            var parts = text.Split('=', 2);
            if (parts.Length != 2 || CliDates.TryParse(parts[0]) is not { } date || ParseAmount(parts[1]) is not { } amount || amount <= 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--instalment '{text}': expected DATE=AMOUNT, e.g. 2026-12-15=500.00 or 15/12/2026=500,50 (no thousands separator).[/]");
                return 2;
            }

            parsed.Add(new Instalment(date, amount));
        }

        var invoiceId = stored.Invoice.Id;
        var plan = new PaymentPlan(parsed.OrderBy(i => i.Date).ToList(), stored.Invoice.AmountDue.Amount);
        var total = parsed.Sum(i => i.Amount);
        var reason = string.Create(CultureInfo.InvariantCulture, $"payment plan: {parsed.Count} instalments, {total:0.00} {stored.Invoice.Currency} until {plan.Instalments[^1].Date:yyyy-MM-dd}");
        await context.Ledger.SetHoldAsync(new HoldRecord(context.Connection, "invoice", invoiceId, HoldKind.PaymentPlan.ToString(), plan.Instalments[^1].Date.AddDays(plan.GraceDays), reason, context.Clock.UtcNow, Engine.Dunning.PaymentPlanJson.Write(plan)), cancellationToken);
        await NoteAsync(context, "invoice", invoiceId, NoteTexts.Hold(await AccountLanguageAsync(context, cancellationToken), reason, null), cancellationToken);
        if (total < stored.Invoice.AmountDue.Amount)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]The instalments ({total:0.00}) cover less than the amount due ({stored.Invoice.AmountDue}).[/]");
        }

        AnsiConsole.MarkupLineInterpolated($"Recorded on invoice {stored.Invoice.Number} in '{context.Connection}': {reason}.");
        return 0;
    }

    private static async Task<int> ResumeAsync(AdminContext context, string? customer, string? invoice, CancellationToken cancellationToken)
    {
        if ((customer is null) == (invoice is null))
        {
            AnsiConsole.MarkupLine("[red]Give exactly one of --customer or --invoice.[/]");
            return 2;
        }

        return invoice is not null
            ? await WithInvoiceAsync(context, invoice, (one, stored) => LiftAsync(one, "invoice", stored.Invoice.Id, $"invoice {stored.Invoice.Number}", cancellationToken), cancellationToken)
            : await WithCustomerAsync(context, customer!, (one, id, name) => LiftAsync(one, "customer", id, $"customer {name} ({id})", cancellationToken), cancellationToken);
    }

    private static async Task<int> LiftAsync(AdminContext context, string scope, string target, string shown, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var kind in new[] { HoldKind.Paused, HoldKind.PromiseToPay, HoldKind.PaymentPlan })
        {
            removed += await context.Ledger.RemoveHoldAsync(context.Connection, scope, target, kind.ToString(), cancellationToken) ? 1 : 0;
        }

        AnsiConsole.MarkupLineInterpolated($"{(removed == 0 ? "No pause or promise found" : "Reminders resumed")} for {shown} in '{context.Connection}'.");
        return removed == 0 ? 1 : 0;
    }

    private static async Task<int> HistoryAsync(AdminContext context, StoredInvoice stored, CliFormat format, CsvCulture csvCulture, CancellationToken cancellationToken)
    {
        var actions = await context.Ledger.GetActionsAsync(context.Connection, stored.Invoice.Id, cancellationToken);
        var (culture, zone) = CliOptions.Locale(context.Services.GetRequiredService<IOptions<RelanceOptions>>().Value.Connections[context.Connection]);
        if (format == CliFormat.Table)
        {
            Console.Out.WriteLine(CliText.T("HistoryHeader", stored.Invoice.Number, context.Connection, stored.Invoice.Id, stored.Customer?.Name ?? stored.Invoice.CustomerId, stored.Invoice.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), stored.Invoice.Status, Typography.Money(stored.Invoice.AmountDue, culture)));
        }

        var listing = new Listing(("step", CliText.T("Step")), ("state", CliText.T("State")), ("claimed", CliText.T("Claimed")), ("completed", CliText.T("Completed")), ("to", CliText.T("To")), ("note", CliText.T("Note")), ("detail", CliText.T("Detail")));
        var rows = actions.Select(action => (At: action.ClaimedAt, Cells: new object?[]
        {
            action.Step,
            action.State.ToString(),
            TimeZoneInfo.ConvertTime(action.ClaimedAt, zone),
            action.CompletedAt is { } completed ? TimeZoneInfo.ConvertTime(completed, zone) : null,
            action.Recipients ?? "",
            action.NoteState.ToString(),
            action.Detail ?? "",
        })).ToList();

        // What came back from the customer about this invoice, or about its customer, in the same timeline.
        var inbox = await context.Services.GetRequiredService<Engine.Inbox.InboxService>().RecentAsync(int.MaxValue, cancellationToken);
        foreach (var record in inbox.Where(r => r.Connection == context.Connection && (r.InvoiceId == stored.Invoice.Id || r.InvoiceId is null && r.CustomerId == stored.Invoice.CustomerId)))
        {
            var at = record.Date ?? record.ReadAt;
            rows.Add((at, [record.Kind == Engine.Inbox.InboxKind.PermanentBounce ? "bounce" : "reply", record.Kind.ToString(), TimeZoneInfo.ConvertTime(at, zone), TimeZoneInfo.ConvertTime(record.ReadAt, zone), record.From, "", record.Outcome]));
        }

        foreach (var (_, cells) in rows.OrderBy(r => r.At))
        {
            listing.Add(culture, cells);
        }

        listing.Write(format, csvCulture);
        return 0;
    }

    // The hold is also written into the platform, so the finance team sees it where they work.
    private static async Task NoteAsync(AdminContext context, string scope, string target, string text, CancellationToken cancellationToken)
    {
        var stored = scope == "invoice" ? await context.Ledger.GetInvoiceAsync(context.Connection, target, cancellationToken) : null;
        if (stored is null)
        {
            return;
        }

        var connection = await context.Connections.CreateAsync(context.Connection, cancellationToken);
        if (!connection.Connector.Descriptor.Supports(ConnectorCapabilities.Notes))
        {
            return;
        }

        // Kept in the ledger first: a note the platform refuses now is written by the next run, never lost.
        var note = new NoteRequest(Guid.NewGuid().ToString("N"), stored.Invoice.Id, stored.Invoice.CustomerId, text, Kind: NoteKind.Status, Subject: "Relance");
        var outbox = context.Services.GetRequiredService<NoteOutbox>();
        await outbox.AddAsync(context.Connection, note, cancellationToken);
        try
        {
            await connection.Connector.WriteNoteAsync(note, cancellationToken);
            await outbox.RemoveAsync(context.Connection, note.ActionId, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Recorded in the ledger; the platform note failed ({ex.Message}) and will be written by the next run.[/]");
        }
    }

    /// <summary>
    /// An amount as a person types it: "500", "500.50" or "500,50" (the French decimal comma). No thousands separator
    /// is accepted, so "500,50" can never be read as 50 050.
    /// </summary>
    internal static decimal? ParseAmount(string text)
    {
        var normalized = text.Trim().Replace(',', '.');
        return normalized.Count(c => c == '.') <= 1
            && decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : null;
    }

    private static async Task<string> AccountLanguageAsync(AdminContext context, CancellationToken cancellationToken) =>
        (await context.Connections.CreateAsync(context.Connection, cancellationToken)).Options.DefaultLanguage;

    /// <param name="Targets">The connections the verb looks at: the one named with --connection, else all of them.</param>
    /// <param name="Enabled">Those of them a sync runs on: a named one, else the enabled ones.</param>
    private sealed record AdminContext(IReadOnlyList<string> Targets, IReadOnlyList<string> Enabled, IDunningLedger Ledger, ConnectionFactory Connections, RelanceClock Clock, IServiceProvider Services)
    {
        /// <summary>The one connection of a verb about one invoice, customer or action.</summary>
        public string Connection => Targets.Count == 1 ? Targets[0] : throw new InvalidOperationException("The verb names one connection first (For).");

        public AdminContext For(string connection) => this with { Targets = [connection], Enabled = [connection] };
    }
}
