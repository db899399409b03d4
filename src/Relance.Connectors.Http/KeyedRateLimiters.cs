using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Relance.Connectors.Http;

/// <summary>
/// Rate limiters kept for the host's lifetime and keyed by credential (platforms count per token or key), so that
/// connections rebuilt at every run, or two connections sharing a key, share one budget. Keys are hashed so
/// secrets do not sit in clear in the dictionary.
/// </summary>
public sealed class KeyedRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    public RateLimiter For(string credential, string shape, Func<RateLimiter> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{credential}|{shape}")));
        return _limiters.GetOrAdd(key, _ => create());
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
