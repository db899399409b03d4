using System.Net.Http.Headers;

namespace Relance.Connectors.Pennylane.Internal;

/// <summary>Adds the bearer token (and the company header for firm tokens) to every request of one connection.</summary>
internal sealed class PennylaneAuthHandler(PennylaneOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        request.Headers.Accept.ParseAdd("application/json");
        if (!string.IsNullOrWhiteSpace(options.CompanyId))
        {
            request.Headers.TryAddWithoutValidation(options.CompanyIdHeader, options.CompanyId);
        }

        request.Options.Set(PennylaneRateLimitHandler.LimitKey, (options.RateLimitPermits, options.RateLimitWindow));
        return base.SendAsync(request, cancellationToken);
    }
}
