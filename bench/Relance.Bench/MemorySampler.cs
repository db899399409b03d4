using System.Diagnostics;

namespace Relance.Bench;

/// <summary>Samples the process's resident set every 50 ms while a phase runs: its peak above the level it started at.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _start;
    private long _peak;

    public MemorySampler()
    {
        _start = Current();
        _peak = _start;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, Current());
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long PeakBytes => Math.Max(_peak, Current());

    public long GrowthBytes => PeakBytes - _start;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
