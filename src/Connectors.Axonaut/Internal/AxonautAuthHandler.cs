using System.Globalization;
using System.Threading.RateLimiting;
using Relance.Connectors.Http;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>Adds the <c>userApiKey</c> header and paces requests per key (Axonaut documents no limit but has a daily quota).</summary>
internal sealed class AxonautAuthHandler(AxonautOptions options, KeyedRateLimiters limiters) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("userApiKey", options.ApiKey);
        request.Headers.Accept.ParseAdd("application/json");
        // A sliding window, not a token bucket: a full bucket plus its refill let twice the rate through in one second.
        var limiter = limiters.For(options.ApiKey, options.RequestsPerSecond.ToString(CultureInfo.InvariantCulture), () => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.RequestsPerSecond,
            Window = TimeSpan.FromSeconds(1),
            SegmentsPerWindow = 10,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
