using System.Globalization;
using Microsoft.Extensions.Options;
using Relance.Connector.Host.Hosting;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Engine.Inbox;
using Relance.Engine.Sync;
using Relance.Ledger;
using Relance.Simulators.Hosting;
using Spectre.Console;

namespace Relance.Connector.Host.Demo;

/// <summary>
/// Runs the whole road on simulators with a simulated clock: each simulated day, every connection syncs then duns.
/// State (ledger, outbox, demo day) lives in the demo folder, so a second run continues where the first stopped.
/// </summary>
internal static class DemoRunner
{
    private const string StartKey = "demo:start";
    private const string NextDayKey = "demo:next-day";
    private const string ScenarioKey = "demo:scenario";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static async Task<int> RunAsync(DemoOptions demo, IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            await RunCoreAsync(demo, console, cancellationToken);
            return 0;
        }
        catch (DemoFolderException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 2;
        }
    }

    /// <summary>Runs the demo and returns what happened each simulated day (AlreadyDone outcomes left out).</summary>
    public static async Task<IReadOnlyList<(DateOnly Day, DunningOutcome Outcome)>> RunCoreAsync(DemoOptions demo, IAnsiConsole console, CancellationToken cancellationToken)
    {
        // The demo writes its ledger before the host is built: owner-only from the first file, as the host's are.
        OwnerOnlyFiles.RestrictNewFiles();
        var data = Path.GetFullPath(demo.DataDirectory);
        if (demo.Reset && Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        var ledgerConnectionString = $"Data Source={Path.Combine(data, "relance-ledger.db")}";
        var ledger = new SqliteDunningLedger(Options.Create(new LedgerOptions { ConnectionString = ledgerConnectionString }));
        await ledger.InitializeAsync(cancellationToken);
        var scenario = demo.Scenario.ToString().ToLowerInvariant();
        if (await ledger.GetValueAsync(ScenarioKey, cancellationToken) is { } stored && stored != scenario)
        {
            throw new DemoFolderException($"The demo folder {data} holds the '{stored}' scenario. Add --reset to start '{scenario}' there, or choose another folder with --data-dir.");
        }

        await ledger.SetValueAsync(ScenarioKey, scenario, cancellationToken);
        var start = await ReadStartAsync(ledger, cancellationToken);
        var firstDay = int.Parse(await ledger.GetValueAsync(NextDayKey, cancellationToken) ?? "0", CultureInfo.InvariantCulture);

        // The simulators seed from the start date and then live on the same simulated clock as the engine.
        var clock = new SimulatedClock(start);
        var simulators = new List<DemoPlatform>();
        try
        {
            foreach (var company in DemoCompany.For(demo.Scenario))
            {
                simulators.Add(await company.StartAsync(clock, cancellationToken));
            }

            using var host = BuildHost(data, ledgerConnectionString, clock, simulators);
            await host.StartAsync(cancellationToken);
            var sync = host.Services.GetRequiredService<SyncService>();
            var dunning = host.Services.GetRequiredService<DunningService>();

            console.MarkupLineInterpolated($"[bold]Relance demo[/] — {simulators.Count} simulated companies ({string.Join(", ", simulators.Select(p => $"{p.Company.Connection}"))}), days {firstDay}–{firstDay + demo.Days - 1} from {start:yyyy-MM-dd}, state in {data}");
            var outcomes = new List<(DateOnly Day, DunningOutcome Outcome)>();
            var lastDay = firstDay + demo.Days - 1;
            for (var day = firstDay; day <= lastDay; day++)
            {
                // Sync early, dun mid-morning: a payment landing in between is caught by the fresh re-read.
                clock.Set(At(start, day, new TimeOnly(7, 0)));
                var firstSyncDone = false;
                foreach (var platform in simulators)
                {
                    var synced = await sync.RunAsync(platform.Company.Connection, cancellationToken);
                    if (platform.Company.DailyQuota > 0)
                    {
                        firstSyncDone |= await ReportQuotaDayAsync(console, ledger, platform, synced, day, cancellationToken);
                    }
                }

                // 10:30 in Paris is 09:30 in London: inside every connection's sending window.
                clock.Set(At(start, day, new TimeOnly(10, 30)));
                foreach (var platform in simulators)
                {
                    var report = await dunning.RunAsync(platform.Company.Connection, cancellationToken);
                    outcomes.AddRange(report.Outcomes.Where(o => o.Kind != OutcomeKind.AlreadyDone).Select(o => (report.Date, o)));
                    if (platform.Company.DailyQuota > 0 && !report.WaitingForFirstSync && report.Outcomes.Count > 0)
                    {
                        var until = report.PausedUntil is { } u ? $"; quota used up until {InParis(u)}, the rest waits" : "";
                        console.MarkupLineInterpolated($"day {day + 1}: {platform.Company.Connection} dunning: {report.Count(OutcomeKind.Sent)} reminders sent, {report.Count(OutcomeKind.Postponed)} postponed{until}");
                    }

                    // The demo's admin approves formal notices at the end of the day; the next open run sends them.
                    foreach (var waiting in (await ledger.GetActionsAsync(platform.Company.Connection, null, cancellationToken)).Where(a => a.State == ActionState.AwaitingApproval))
                    {
                        await ledger.TransitionAsync(waiting.Id, ActionState.AwaitingApproval, ActionState.Approved, "approved by the demo's admin", clock.GetUtcNow(), cancellationToken);
                    }
                }

                if (demo.Scenario == DemoScenario.Standard && await ledger.GetValueAsync(DemoMailbox.DoneKey, cancellationToken) is null
                    && DemoMailbox.Pick(Path.Combine(data, "outbox")) is var (replied, bounced))
                {
                    // The afternoon's mail: one customer answers, one address bounces (a simulated mailbox, read as a real one is).
                    clock.Set(At(start, day, new TimeOnly(15, 0)));
                    var inbox = host.Services.GetRequiredService<InboxService>();
                    foreach (var message in new[] { DemoMailbox.Reply(replied, clock.GetUtcNow()), DemoMailbox.Bounce(bounced, clock.GetUtcNow()) })
                    {
                        if (await inbox.TakeAsync(message, $"demo:{message.MessageId}", cancellationToken) is { } taken)
                        {
                            console.MarkupLineInterpolated($"day {day + 1}: inbox (simulated): {(taken.Kind == InboxKind.Reply ? "reply" : "bounce")} from {taken.From} — {taken.Outcome}");
                        }
                    }

                    await ledger.SetValueAsync(DemoMailbox.DoneKey, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
                }

                await ledger.SetValueAsync(NextDayKey, (day + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
                if (firstSyncDone)
                {
                    // The scenario's point is made in a few more days: reminders go out as far as the quota allows.
                    lastDay = Math.Min(lastDay, day + 6);
                }
            }

            await host.StopAsync(cancellationToken);
            var nextDay = DateOnly.FromDateTime(start.UtcDateTime).AddDays(lastDay + 1);
            await DemoConfigurationFile.WriteAsync(data, Settings(data, ledgerConnectionString, simulators), nextDay, cancellationToken);
            Print(console, outcomes, simulators, data, table: demo.Scenario == DemoScenario.Standard);
            console.MarkupLineInterpolated($"The admin verbs work on this state, across its {simulators.Count} connections: RELANCE_SETTINGS={Path.Combine(data, "appsettings.json")} dotnet run --project src/Relance.Connector.Host -- plan --as-of {nextDay:yyyy-MM-dd} (also pending, report, history --invoice <number>; or run relance from {data}).");
            return outcomes;
        }
        finally
        {
            foreach (var platform in simulators)
            {
                await platform.Simulator.DisposeAsync();
            }
        }
    }

    private static IHost BuildHost(string data, string ledgerConnectionString, SimulatedClock clock, List<DemoPlatform> simulators)
    {
        var settings = Settings(data, ledgerConnectionString, simulators);
        settings["Logging:LogLevel:Default"] = "Warning";
        var builder = RelanceHost.CreateBuilder([], settings, scheduling: false);
        builder.Services.AddSingleton(new RelanceClock(clock));
        return builder.Build();
    }

    private static Dictionary<string, string?> Settings(string data, string ledgerConnectionString, List<DemoPlatform> simulators)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relance:DataDirectory"] = data,
            ["Relance:PluginsDirectory"] = Path.Combine(data, "plugins"),
            ["Relance:Ledger:ConnectionString"] = ledgerConnectionString,
            ["Relance:Delivery:Mode"] = "Outbox",
            ["Relance:Delivery:OutboxDirectory"] = Path.Combine(data, "outbox"),
            ["Relance:Policies:gentle:Steps:0:Name"] = "courtesy",
            ["Relance:Policies:gentle:Steps:0:OffsetDays"] = "-5",
            ["Relance:Policies:gentle:Steps:0:Template"] = "courtesy",
            ["Relance:Policies:gentle:Steps:1:Name"] = "friendly",
            ["Relance:Policies:gentle:Steps:1:OffsetDays"] = "3",
            ["Relance:Policies:gentle:Steps:1:Template"] = "friendly",
            ["Relance:Policies:gentle:Steps:2:Name"] = "firm",
            ["Relance:Policies:gentle:Steps:2:OffsetDays"] = "21",
            ["Relance:Policies:gentle:Steps:2:Template"] = "firm",
        };
        foreach (var (key, value) in simulators.SelectMany(p => p.Settings))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<DateTimeOffset> ReadStartAsync(SqliteDunningLedger ledger, CancellationToken cancellationToken)
    {
        if (await ledger.GetValueAsync(StartKey, cancellationToken) is { } stored)
        {
            return DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = new DateTimeOffset(today.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);
        await ledger.SetValueAsync(StartKey, start.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return start;
    }

    private static string Recipients(string detail)
    {
        var start = detail.IndexOf(" sent to ", StringComparison.Ordinal) + 9;
        var end = detail.IndexOf(" (grouped", StringComparison.Ordinal);
        return end > start ? detail[start..end] : detail[start..];
    }

    private static DateTimeOffset At(DateTimeOffset start, int day, TimeOnly parisTime)
    {
        var date = DateOnly.FromDateTime(start.UtcDateTime).AddDays(day);
        var local = date.ToDateTime(parisTime);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// One line per day of a connection behind a daily quota; true on the day its first full read completes.
    /// </summary>
    private static async Task<bool> ReportQuotaDayAsync(IAnsiConsole console, SqliteDunningLedger ledger, DemoPlatform platform, SyncReport synced, int day, CancellationToken cancellationToken)
    {
        var company = platform.Company;
        var requests = platform.Requests?.Invoke() ?? 0;
        var parts = synced.Part?.Number ?? 1;
        var read = (await ledger.GetOpenInvoicesAsync(company.Connection, cancellationToken)).Count;
        if (synced is { FullSnapshot: false, Part: null } && synced.PausedUntil is { } waiting)
        {
            console.MarkupLineInterpolated($"day {day + 1}: {company.Connection} still paused by its quota until {InParis(waiting)}");
            return false;
        }

        if (synced.Part is { Completed: false } || synced.PausedUntil is not null)
        {
            var until = synced.PausedUntil is { } u ? $", quota of {company.DailyQuota} requests used up until {InParis(u)}" : "";
            console.MarkupLineInterpolated($"day {day + 1}: {company.Connection} first full read, part {parts}: {synced.Invoices} invoices read ({read} open invoices held so far){until}; no reminder until the account is read whole");
            return false;
        }

        if (!synced.FullSnapshot)
        {
            return false;
        }

        console.MarkupLineInterpolated($"[bold]day {day + 1}: {company.Connection} first full read of {company.Invoices:N0} invoices completed in {day + 1} days[/] ({parts} parts, {requests} requests under a quota of {company.DailyQuota} a day; {read} open invoices). Reminders begin today.");
        return true;
    }

    private static string InParis(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, Paris):yyyy-MM-dd HH:mm} Paris time");

    private static void Print(IAnsiConsole console, List<(DateOnly Day, DunningOutcome Outcome)> outcomes, List<DemoPlatform> simulators, string data, bool table)
    {
        if (Console.IsOutputRedirected && console.Profile.Width < 160)
        {
            console.Profile.Width = 160;
        }

        var rows = new Table().Border(TableBorder.Rounded)
            .AddColumns("Date", "Connection", "Invoice", "Customer", "Days late", "Amount due", "Action", "Note");

        // Amounts as each company's people write them: "1 234,56 €" in Paris, "£1,234.56" in Edinburgh.
        var cultures = simulators.ToDictionary(
            p => p.Company.Connection,
            p => new Engine.Configuration.ConnectionOptions { DefaultLanguage = p.Settings.GetValueOrDefault($"Relance:Connections:{p.Company.Connection}:DefaultLanguage") ?? "fr" }.FormatCulture);
        foreach (var (day, o) in outcomes.Where(o => o.Outcome.Kind != OutcomeKind.Postponed))
        {
            var action = o.Kind switch
            {
                OutcomeKind.Sent => $"{o.Step} → {Recipients(o.Detail)}{(o.Detail.Contains(" (grouped in message ", StringComparison.Ordinal) ? " [grouped]" : "")}",
                OutcomeKind.AwaitingApproval => $"{o.Step}: awaiting approval",
                OutcomeKind.TaskOpened => $"task: {o.Detail}",
                _ => $"{o.Kind.ToString().ToLowerInvariant()}: {o.Detail}",
            };
            rows.AddRow(
                Markup.Escape(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                Markup.Escape(o.Connection),
                Markup.Escape(o.InvoiceNumber),
                Markup.Escape(o.Customer),
                o.DaysLate.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Typography.Money(o.AmountDue, cultures.GetValueOrDefault(o.Connection, CultureInfo.InvariantCulture))),
                Markup.Escape(action),
                o.NoteWritten ? "written back" : "—");
        }

        if (table)
        {
            console.Write(rows);
        }

        var sent = outcomes.Where(o => o.Outcome.Kind == OutcomeKind.Sent).ToList();
        var preDue = sent.Count(o => o.Outcome.DaysLate < 0);
        var notes = simulators.Sum(p => p.NotesWritten());
        var formal = sent.Count(o => o.Outcome.Step?.StartsWith("formal-notice", StringComparison.Ordinal) == true);
        var emails = sent.Count(o => !o.Outcome.Detail.Contains(" (grouped in message ", StringComparison.Ordinal))
            + sent.Select(o => o.Outcome.Detail).Where(d => d.Contains(" (grouped in message ", StringComparison.Ordinal)).Select(d => d[(d.IndexOf(" (grouped in message ", StringComparison.Ordinal) + 21)..][..32]).Distinct().Count();
        console.MarkupLineInterpolated($"[bold]{sent.Count}[/] reminders sent in [bold]{emails}[/] e-mails ({preDue} pre-due notices, {sent.Count - preDue - formal} reminders after the due date, {formal} formal notices with their PDF after approval), {outcomes.Count(o => o.Outcome.Kind == OutcomeKind.TaskOpened)} phone-call tasks opened, [bold]{notes}[/] notes written back (Pennylane comments, Axonaut timeline events, QuickBooks private notes).");
        console.MarkupLineInterpolated($"{outcomes.Count(o => o.Outcome.Kind == OutcomeKind.Skipped)} skipped on fresh state (paid since last sync), {outcomes.Count(o => o.Outcome.Kind == OutcomeKind.Postponed)} postponed (weekends, public holidays, customer just contacted), {outcomes.Count(o => o.Outcome.Kind is OutcomeKind.Failed or OutcomeKind.Unsure)} failed.");
        console.MarkupLineInterpolated($"E-mails: {Path.Combine(data, "outbox")} (.eml) — ledger: {Path.Combine(data, "relance-ledger.db")}. Run the demo again to continue; add --reset to start over.");
    }
}

/// <summary>The demo folder cannot be used as asked.</summary>
internal sealed class DemoFolderException(string message) : Exception(message);
