using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>Adds the <c>userApiKey</c> header and paces requests per key (Axonaut documents no limit but has a daily quota).</summary>
internal sealed class AxonautAuthHandler(AxonautOptions options, AxonautRateLimiters limiters) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("userApiKey", options.ApiKey);
        request.Headers.Accept.ParseAdd("application/json");
        using var lease = await limiters.For(options.ApiKey, options.RequestsPerSecond).AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One limiter per API key for the host's lifetime (connections are rebuilt every run).</summary>
internal sealed class AxonautRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    public RateLimiter For(string apiKey, int perSecond) =>
        _limiters.GetOrAdd(
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{apiKey}|{perSecond}"))),
            _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
