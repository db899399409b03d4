namespace Relance.Simulators.Hosting;

/// <summary>
/// A clock that only moves when told to: shared by the demo's engine and the simulators so that "60 days later"
/// means the same to both. Not used for network timeouts, which stay on real time.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            _now = now;
        }
    }
}
