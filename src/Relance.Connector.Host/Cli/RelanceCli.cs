using Relance.Ledger;
using System.CommandLine;
using Microsoft.Extensions.Options;
using Relance.Connector.Host.Demo;
using Relance.Connectors;
using Relance.Connector.Host.Hosting;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>The verbs of the <c>relance</c> executable. Exit codes: 0 ok, 1 failure or invalid configuration, 2 bad arguments.</summary>
internal static class RelanceCli
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    /// <param name="hostFactory">Builds the (unstarted) host the verbs work with; tests pass their own.</param>
    public static RootCommand Create(Func<IHost>? hostFactory = null)
    {
        var build = hostFactory ?? (() =>
        {
            var builder = RelanceHost.CreateBuilder([], scheduling: false);

            // The verbs print configuration errors themselves; the host's own stack trace would only bury them.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            return builder.Build();
        });
        var root = new RootCommand("Relance chases unpaid invoices inside Pennylane and other accounting platforms. Without a verb, runs the worker.");
        root.SetAction((_, ct) => RunAsync(ct));

        var once = new Option<bool>("--once") { Description = "Sync and dun every enabled connection once, then exit (for a system timer instead of the built-in schedule)." };
        var run = new Command("run", "Run the worker: syncs and dunning runs on the cron schedules of each configured connection.") { once };
        run.SetAction((parse, ct) => parse.GetValue(once) ? RunOnceAsync(build, ct) : RunAsync(ct));
        root.Subcommands.Add(run);

        var days = new Option<int>("--days") { Description = "Simulated days to run (default 60).", DefaultValueFactory = _ => 60 };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the demo's ledger and .eml outbox (default ./relance-demo).", DefaultValueFactory = _ => "relance-demo" };
        var reset = new Option<bool>("--reset") { Description = "Forget the previous demo runs and start over." };
        var scenario = new Option<DemoScenario>("--scenario")
        {
            Description = "standard: four small companies on Pennylane, Axonaut and QuickBooks (default). quota: a first day on a 3 000-invoice Axonaut account allowed 30 requests a day, read whole over successive days before any reminder.",
            DefaultValueFactory = _ => DemoScenario.Standard,
        };
        var demo = new Command("demo", "Run Relance end to end against simulated Pennylane, Axonaut and QuickBooks companies, no account or configuration needed.") { days, dataDir, reset, scenario };
        days.Validators.Add(r =>
        {
            // Only range-check what parsed; an unparsable value already carries its own error.
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is < 1 or > 3650)
            {
                r.AddError("--days must be between 1 and 3650.");
            }
        });
        demo.SetAction((parse, ct) => DemoRunner.RunAsync(new DemoOptions(parse.GetValue(dataDir)!, parse.GetValue(days), parse.GetValue(reset), parse.GetValue(scenario)), AnsiConsole.Console, ct));
        root.Subcommands.Add(demo);

        var validate = new Command("validate", "Load the configuration, policies and templates and report every problem with its key path; exit code 1 on any error.");
        validate.SetAction((_, ct) => ValidateAsync(build, ct));
        root.Subcommands.Add(validate);

        var connection = new Option<string?>("--connection") { Description = "Only this connection." };
        var check = new Command("check", "Call each connection's platform with its credentials and tell what is wrong and how to fix it.") { connection };
        check.SetAction((parse, ct) => CheckAsync(build, parse.GetValue(connection), ct));
        var connectors = new Command("connectors", "Connector commands.") { check };
        root.Subcommands.Add(connectors);
        var statusFormat = CliOptions.Format();
        var status = new Command("status", "The health of this installation: ledger, mail relay and each connection as its last runs left it (credentials rejected, quota, unreachable, not synced yet). Exit code 1 when something is unhealthy.") { statusFormat };
        status.SetAction((parse, ct) => StatusAsync(build, parse.GetValue(statusFormat), ct));
        root.Subcommands.Add(status);
        root.Subcommands.Add(AuthorizeCommand.Create(build));
        root.Subcommands.Add(RatesCommand.Create(build));
        foreach (var command in AdminCommands.Create(build))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static string LawWords(ConnectionOptions connection) => connection.Jurisdiction switch
    {
        Relance.Domain.Law.Jurisdiction.France => $"France, Code de commerce L441-10 and D441-5{(connection.Law.BusinessToBusiness ? "" : " (customers are consumers unless the platform says otherwise)")}",
        Relance.Domain.Law.Jurisdiction.UnitedKingdom => "United Kingdom, Late Payment of Commercial Debts (Interest) Act 1998",
        _ when connection.Law.ContractRatePercent is { } rate => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"none statutory; the contract rate {rate:0.00} % of the terms of sale"),
        _ => "none: no late-payment interest nor recovery indemnity is claimed (set Country, or Law:Jurisdiction, to change that)",
    };

    private static string Fires(string cron, TimeZoneInfo zone, DateTimeOffset now) =>
        string.Join(", ", Scheduling.CronValidator.NextFires(cron, zone, now, 3).Select(f => f.ToString("ddd yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture)));

    // Plain, unwrapped: validate's lines are read in a terminal and in the logs of a deployment alike.
    private static void Say(string line) => Console.Out.WriteLine(line);

    /// <summary>The ledger's one-sentence problem, without a stack trace.</summary>
    internal static void PrintLedgerError(LedgerUnavailableException ex) =>
        AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var host = RelanceHost.CreateBuilder([]).Build();
        FileStream? worker;
        try
        {
            worker = WorkerLock.Acquire(host.Services.GetRequiredService<IConfiguration>());
        }
        catch (InvalidOperationException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }

        await using var held = worker;
        try
        {
            var options = host.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
            var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Relance");
            foreach (var line in host.Services.GetRequiredService<StartupInventory>().Describe())
            {
                log.LogInformation("{Inventory}", line);
            }

            foreach (var line in StartBanner.Lines(options, host.Services.GetRequiredService<IOptions<LedgerOptions>>().Value, host.Services.GetRequiredService<IConfiguration>(), DateTimeOffset.UtcNow))
            {
                log.LogInformation("{Banner}", line);
            }

            if (options.Connections.Count == 0)
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Relance").LogWarning(
                    "No connection configured under Relance:Connections: nothing to do. See README.md, or try `relance demo`.");
            }

            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            PrintErrors(ex);
            return 1;
        }
        catch (LedgerUnavailableException ex)
        {
            PrintLedgerError(ex);
            return 1;
        }
    }

    /// <summary>
    /// What one firing of every connection's dunning trigger does, without the scheduler: sync, then dun, connection
    /// after connection; one connection's failure is reported and the others go on. Exit code 1 if any failed.
    /// </summary>
    private static async Task<int> RunOnceAsync(Func<IHost> build, CancellationToken cancellationToken)
    {
        using var host = build();
        if (!await StartOrReportAsync(host, cancellationToken))
        {
            return 1;
        }

        var options = host.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
        var sync = host.Services.GetRequiredService<Relance.Engine.Sync.SyncService>();
        var dunning = host.Services.GetRequiredService<Relance.Engine.Dunning.DunningService>();
        var failed = 0;
        foreach (var name in options.Connections.Where(c => c.Value.Enabled).Select(c => c.Key).Order(StringComparer.Ordinal))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                var synced = await sync.RunAsync(name, cancellationToken);
                var report = await dunning.RunAsync(name, cancellationToken);
                AnsiConsole.MarkupLineInterpolated(
                    $"{name}: {synced.Invoices} invoice(s) read; {report.Outcomes.Count(o => o.Kind == Relance.Engine.Dunning.OutcomeKind.Sent)} sent, {report.Outcomes.Count(o => o.Kind == Relance.Engine.Dunning.OutcomeKind.Failed)} failed");
            }
            catch (ConnectorException ex)
            {
                failed++;
                AnsiConsole.MarkupLineInterpolated($"[red]{name}: {ex.Message}[/]");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A sync stopped half-way keeps what it stored; said below.
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("Stopped on request: what was not sent is still due at the next run.");
        }

        await host.StopAsync(CancellationToken.None);
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> ValidateAsync(Func<IHost> build, CancellationToken cancellationToken)
    {
        using var host = build();

        // First, so that an error below can be read against the files that were actually taken.
        foreach (var line in host.Services.GetRequiredService<StartupInventory>().Describe())
        {
            AnsiConsole.MarkupLineInterpolated($"{line}");
        }

        try
        {
            await host.StartAsync(cancellationToken);
            await host.StopAsync(cancellationToken);
            var options = host.Services.GetRequiredService<IOptions<RelanceOptions>>().Value;
            var today = host.Services.GetRequiredService<RelanceClock>().Today(TimeZoneInfo.Local);
            foreach (var warning in ConfigurationWarnings.For(options, RateTableLoader.Load(options.Law.RatesFile), today))
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]warning[/]: {warning}");
            }

            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var now = host.Services.GetRequiredService<RelanceClock>().UtcNow;
            foreach (var (name, connection) in options.Connections.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var policy = ConnectionFactory.PolicyOf(options, connection);
                var zone = TimeZoneInfo.FindSystemTimeZoneById(connection.TimeZone);
                var address = ConnectionFactory.SettingsSection(configuration, name)["BaseAddress"] is { Length: > 0 } configured ? configured : "the connector's default (the production platform)";
                Say($"Connection '{name}': {connection.Connector}{(connection.Enabled ? "" : " (disabled: no job runs)")} at {address}; policy '{policy.Name}' ({string.Join(", ", policy.Steps.Select(s => s.Name))}); calendar {connection.Calendar}, time zone {connection.TimeZone}, amounts written {connection.FormatCulture.Name}.");
                Say($"Connection '{name}', sync '{connection.SyncCron}': next {Fires(connection.SyncCron, zone, now)}; dunning '{connection.DunningCron}': next {Fires(connection.DunningCron, zone, now)}.");
                AnsiConsole.MarkupLineInterpolated($"Connection '{name}', onboarding: {policy.Entry.Describe()}.");
                AnsiConsole.MarkupLineInterpolated($"Connection '{name}', late-payment law: {LawWords(connection)} (from {connection.JurisdictionSource}).");
            }

            AnsiConsole.MarkupLineInterpolated($"[green]Configuration is valid[/]: {options.Connections.Count} connection(s), {options.Policies.Count} policy(ies).");
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            PrintErrors(ex);
            return 1;
        }
        catch (LedgerUnavailableException ex)
        {
            PrintLedgerError(ex);
            return 1;
        }
    }

    private static async Task<int> StatusAsync(Func<IHost> build, CliFormat format, CancellationToken cancellationToken)
    {
        using var host = build();
        if (!await StartOrReportAsync(host, cancellationToken))
        {
            return 1;
        }

        var report = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(cancellationToken);
        var listing = new Listing(("check", "Check"), ("status", "Status"), ("description", "Description"));
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            listing.Add(System.Globalization.CultureInfo.InvariantCulture, name, entry.Status.ToString(), entry.Description ?? "");
        }

        listing.Write(format, CsvCulture.English);
        if (format == CliFormat.Table)
        {
            Console.Out.WriteLine($"Overall: {report.Status}.");
        }

        await host.StopAsync(cancellationToken);
        return report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy ? 1 : 0;
    }

    private static async Task<int> CheckAsync(Func<IHost> build, string? only, CancellationToken cancellationToken)
    {
        using var host = build();
        if (!await StartOrReportAsync(host, cancellationToken))
        {
            return 1;
        }

        var factory = host.Services.GetRequiredService<ConnectionFactory>();
        var names = factory.Names.Where(n => only is null || string.Equals(n, only, StringComparison.OrdinalIgnoreCase)).ToList();
        if (names.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No connection{(only is null ? "" : $" named '{only}'")} configured under Relance:Connections.[/]");
            return 1;
        }

        var table = new Table().AddColumns("Connection", "Connector", "Status", "Latency", "Details");
        var failures = 0;
        foreach (var name in names)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var connection = await factory.CreateAsync(name, cancellationToken);

            // A check is interactive: do not wait through every retry of an unreachable platform.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CheckTimeout);
            ConnectionCheckResult result;
            try
            {
                result = await connection.Connector.CheckAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = ConnectionCheckResult.Failed($"No answer within {CheckTimeout.TotalSeconds:0} s (retries included): check Settings:BaseAddress and the network.");
            }

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            failures += result.Succeeded ? 0 : 1;
            table.AddRow(Markup.Escape(name), Markup.Escape(connection.Connector.Descriptor.DisplayName), result.Succeeded ? "[green]ok[/]" : "[red]failed[/]", $"{elapsed.TotalMilliseconds:0} ms", Markup.Escape(result.Message));

            // Each permission on its own line: proved, refused, or not provable without acting.
            foreach (var permission in result.Permissions)
            {
                var mark = permission.Granted switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[yellow]?[/]" };
                table.AddRow("", "", mark, "", Markup.Escape($"{permission.What}: {permission.Detail}"));
            }
        }

        AnsiConsole.Write(table);
        await host.StopAsync(cancellationToken);
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Starts the host; a configuration or ledger problem is printed as its one message, and false returned.</summary>
    internal static async Task<bool> StartOrReportAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            return true;
        }
        catch (OptionsValidationException ex)
        {
            PrintErrors(ex);
        }
        catch (LedgerUnavailableException ex)
        {
            PrintLedgerError(ex);
        }

        return false;
    }

    internal static void PrintErrors(OptionsValidationException ex)
    {
        AnsiConsole.MarkupLine("[red]Invalid configuration:[/]");
        foreach (var failure in ex.Failures)
        {
            AnsiConsole.MarkupLineInterpolated($"  - {failure}");
        }
    }
}
