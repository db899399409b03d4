using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Relance.Engine.Dunning;
using Relance.Engine.Sync;

namespace Relance.Engine.Telemetry;

/// <summary>
/// Relance's traces and metrics (<see cref="Name"/>), for OpenTelemetry or any listener. Tags carry connection
/// names, steps, channels, outcomes and currencies only — never a customer, an invoice number, an address or a secret.
/// </summary>
public static class RelanceTelemetry
{
    public const string Name = "Relance";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> SyncedInvoices = Meter.CreateCounter<long>("relance.sync.invoices", "{invoice}", "Invoices read from the platform, by connection and mode.");
    private static readonly Counter<long> SyncRejected = Meter.CreateCounter<long>("relance.sync.rejected", "{record}", "Records the platform sent that could not be mapped.");
    private static readonly Counter<long> Reminders = Meter.CreateCounter<long>("relance.dunning.outcomes", "{action}", "Dunning outcomes by connection, step, channel and outcome.");
    private static readonly Counter<long> PlatformPauses = Meter.CreateCounter<long>("relance.connector.paused", "{pause}", "Times a platform's rate limit or quota paused a connection.");
    private static readonly Counter<long> Alerts = Meter.CreateCounter<long>("relance.alerts", "{alert}", "Problems raised for an admin (also when the alert e-mail cannot go).");
    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("relance.run.duration", "s", "Duration of sync and dunning runs.");
    private static readonly ConcurrentDictionary<(string Connection, string Currency), (decimal Open, decimal Overdue)> Book = new();
    private static readonly ConcurrentDictionary<string, (int NotesPending, int Unsure)> Backlog = new();

    private static readonly ObservableGauge<double> OpenGauge;

    static RelanceTelemetry()
    {
        OpenGauge = Meter.CreateObservableGauge("relance.receivables.open", () => Book.Select(b => new Measurement<double>((double)b.Value.Open, Tags(b.Key))), "{currency}", "Open amount per connection and currency, at the last dunning run.");
        Meter.CreateObservableGauge("relance.receivables.overdue", () => Book.Select(b => new Measurement<double>((double)b.Value.Overdue, Tags(b.Key))), "{currency}", "Overdue amount per connection and currency, at the last dunning run.");
        Meter.CreateObservableGauge("relance.notes.pending", () => Backlog.Select(b => new Measurement<int>(b.Value.NotesPending, new KeyValuePair<string, object?>("connection", b.Key))), "{note}", "Notes waiting to be written back into the platform.");
        Meter.CreateObservableGauge("relance.sends.unsure", () => Backlog.Select(b => new Measurement<int>(b.Value.Unsure, new KeyValuePair<string, object?>("connection", b.Key))), "{action}", "Sends interrupted between sending and confirmation, waiting for a person.");
    }

    /// <summary>Someone reads the gauges: worth the ledger queries that feed them.</summary>
    public static bool Observed => OpenGauge.Enabled;

    public static void AlertRaised(string connection) => Alerts.Add(1, new KeyValuePair<string, object?>("connection", connection));

    public static Activity? StartRun(string kind, string connection) =>
        Source.StartActivity($"relance.{kind}", ActivityKind.Internal)?.SetTag("relance.connection", connection);

    public static void Synced(SyncReport report, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(report);
        var connection = new KeyValuePair<string, object?>("connection", report.Connection);
        SyncedInvoices.Add(report.Invoices, connection, new("mode", report.FullSnapshot ? "full" : "incremental"));
        SyncRejected.Add(report.Rejected.Count, connection);
        RunDuration.Record(elapsed.TotalSeconds, connection, new("run", "sync"));
        if (report.PausedUntil is not null)
        {
            PlatformPauses.Add(1, connection, new("run", "sync"));
        }
    }

    /// <param name="channelOf">The channel of a step (e-mail, formal notice, task…).</param>
    public static void Dunned(DunningReport report, TimeSpan elapsed, Func<string, string> channelOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(channelOf);
        var connection = new KeyValuePair<string, object?>("connection", report.Connection);
        foreach (var group in report.Outcomes.GroupBy(o => (Step: o.Step?.Split('#')[0] ?? "", o.Kind)))
        {
            Reminders.Add(group.Count(), connection, new("step", group.Key.Step), new("channel", channelOf(group.Key.Step)), new("outcome", group.Key.Kind.ToString()));
        }

        RunDuration.Record(elapsed.TotalSeconds, connection, new("run", "dunning"));
        if (report.PausedUntil is not null)
        {
            PlatformPauses.Add(1, connection, new("run", "dunning"));
        }
    }

    /// <summary>The connection's open and overdue amounts per currency, and its backlog, as the last run left them.</summary>
    public static void Observe(string connection, IEnumerable<(string Currency, decimal Open, decimal Overdue)> book, int notesPending, int unsure)
    {
        foreach (var key in Book.Keys.Where(k => k.Connection == connection))
        {
            Book.TryRemove(key, out _);
        }

        foreach (var (currency, open, overdue) in book)
        {
            Book[(connection, currency)] = (open, overdue);
        }

        Backlog[connection] = (notesPending, unsure);
    }

    private static KeyValuePair<string, object?>[] Tags((string Connection, string Currency) key) =>
        [new("connection", key.Connection), new("currency", key.Currency)];
}
