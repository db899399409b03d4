using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relance.Connector.Host.Hosting;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

[Trait("Suite", "Hostile")]
public sealed class LogFormatTests
{
    [Fact]
    public void A_log_line_has_its_time_and_level_and_a_value_cannot_forge_another_line_or_drive_the_terminal()
    {
        var formatter = new RelanceConsoleFormatter(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero)));
        using var output = new StringWriter();
        var hostile = "F-1\r\n2026-12-04 16:00:00.000+00:00 info Relance: invoice F-2 paid\u001b[2J";
        var entry = new LogEntry<string>(LogLevel.Warning, "Relance.Sync", default, $"Connection acme: invoice {hostile} skipped", null, (s, _) => s);

        formatter.Write(in entry, null, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("2026-12-04 ", line, StringComparison.Ordinal);
        Assert.Contains(" WARN Relance.Sync: Connection acme: invoice F-1  2026-12-04", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line, char.IsControl);
    }

    [Fact]
    public void An_exception_keeps_its_stack_lines_indented_under_the_message()
    {
        var formatter = new RelanceConsoleFormatter(new FakeTimeProvider());
        using var output = new StringWriter();
        Exception thrown;
        try
        {
            throw new InvalidOperationException("broken\u001b]0;title\u0007");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var entry = new LogEntry<string>(LogLevel.Error, "Relance.Dunning", default, "Run failed", thrown, (s, _) => s);
        formatter.Write(in entry, null, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 3);
        Assert.EndsWith("FAIL Relance.Dunning: Run failed", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("broken?]0;title?", StringComparison.Ordinal));
        Assert.DoesNotContain(output.ToString(), c => c is '\u001b' or '\u0007');
    }

    [Fact]
    public async Task With_LogFormat_Json_every_log_line_is_a_json_object_a_collector_can_read()
    {
        using var dir = new TempDirectory();
        var settings = Settings.UnreachablePennylane("acme");
        settings["Relance:LogFormat"] = "Json";
        using var worker = RelanceProcess.Start(dir.Path, settings, "run");
        var quartz = Path.Combine(dir.Path, "data", "relance-quartz.db");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!File.Exists(quartz) && !worker.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        worker.Terminate();
        var (_, output) = await worker.WaitAsync(TimeSpan.FromMinutes(2));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length >= 4, output);
        var events = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", e.GetProperty("Timestamp").GetString()));
        Assert.Contains(events, e => e.GetProperty("Message").GetString()!.StartsWith("Connection 'acme' (pennylane): next sync ", StringComparison.Ordinal));
    }
}
