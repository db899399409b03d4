namespace Relance.Connectors.Tests;

/// <summary>
/// The counters of the reliability suites (kills, faults, generated cases, duplicates, lost, unsure, leaks), appended to
/// the file named by <c>RELANCE_SUITE_COUNTERS</c> so that <c>.ci/run</c> prints them beside the test totals.
/// </summary>
internal static class SuiteCounters
{
    private static readonly Lock Gate = new();

    public static void Report(string suite, string line)
    {
        var path = Environment.GetEnvironmentVariable("RELANCE_SUITE_COUNTERS");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(path, $"{suite}: {line.ReplaceLineEndings(" ")}{Environment.NewLine}");
        }
    }
}
