using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Relance.Engine.Dunning;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class TelemetryTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_run_s_traces_and_metrics_count_what_it_did_and_carry_no_personal_data()
    {
        await using var road = await Road.SeededAsync(Morning);

        // A connection name of its own: the listeners are process-wide, other tests run beside this one.
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("otel", road.Pennylane), RelanceTestHost.Smtp(road.Smtp), new Dictionary<string, string?> { ["Relance:Telemetry:Enabled"] = "true" });
        var activities = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var host = await RelanceTestHost.StartAsync(road.Directory.Path, settings, road.Clock, configure: s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities));
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
        });

        var sync = await host.Sync.RunAsync("otel", CancellationToken.None);
        var report = await host.Dunning.RunAsync("otel", CancellationToken.None);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var sent = report.Outcomes.Count(o => o.Kind == OutcomeKind.Sent);
        Assert.True(sent > 5, $"{sent} sent");
        Assert.Equal(sync.Invoices, Sum(metrics, "relance.sync.invoices", ("connection", "otel")));
        Assert.Equal(sent, Sum(metrics, "relance.dunning.outcomes", ("connection", "otel"), ("outcome", "Sent")));
        Assert.Equal(report.Outcomes.Count(o => o is { Kind: OutcomeKind.Sent, Step: "friendly" }), Sum(metrics, "relance.dunning.outcomes", ("connection", "otel"), ("outcome", "Sent"), ("step", "friendly"), ("channel", "Email")));
        Assert.True(Gauge(metrics, "relance.receivables.open", ("connection", "otel"), ("currency", "EUR")) > 0);
        Assert.Equal(2, Points(metrics, "relance.run.duration", ("connection", "otel")).Sum(p => p.GetHistogramCount()));
        Assert.Contains(metrics, m => m.Name == "http.client.request.duration");

        var run = Assert.Single(activities, a => a.OperationName == "relance.dunning" && Equals(a.GetTagItem("relance.connection"), "otel"));
        var read = Assert.Single(activities, a => a.OperationName == "relance.sync" && Equals(a.GetTagItem("relance.connection"), "otel"));
        var ours = activities.Where(a => a.TraceId == run.TraceId || a.TraceId == read.TraceId).ToList();
        Assert.True(road.Smtp.Messages.Count == ours.Count(a => a.OperationName == "relance.smtp.send"), $"{road.Smtp.Messages.Count} messages, {ours.Count(a => a.OperationName == "relance.smtp.send")} in the run's trace, {activities.Count(a => a.OperationName == "relance.smtp.send")} in all; parents: {string.Join(",", activities.Where(a => a.OperationName == "relance.smtp.send").Select(a => a.Parent?.OperationName ?? "none"))}");
        Assert.Contains(ours, a => a.TraceId == read.TraceId && a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.address"), "127.0.0.1"));

        // No personal data and no secret in any tag of these traces.
        var values = ours.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(values, v => v.Contains('@', StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => report.Outcomes.Any(o => v.Contains(o.InvoiceNumber, StringComparison.Ordinal) || v.Contains(o.Customer, StringComparison.Ordinal)));
        Assert.DoesNotContain(values, v => v.Contains(road.Pennylane.Token, StringComparison.Ordinal));
    }

    // Cumulative: the last export of a metric holds everything; its points are one per set of tags.
    private static IEnumerable<MetricPoint> Points(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        (metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? []).Where(p => tags.All(t => HasTag(p, t.Key, t.Value)));

    private static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetSumLong());

    private static double Gauge(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Select(p => p.GetGaugeLastValueDouble()).DefaultIfEmpty(0).Last();

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value?.ToString(), value))
            {
                return true;
            }
        }

        return false;
    }
}
