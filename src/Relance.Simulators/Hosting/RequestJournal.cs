using System.Collections.Immutable;

namespace Relance.Simulators.Hosting;

/// <summary>
/// One request exactly as a simulator received it (headers and body included), so tests can assert the shape a
/// stricter real server would see: method, path, query, headers, body bytes, and the answer given.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    DateTimeOffset At)
{
    /// <summary>A header's value (case-insensitive name), or null when the request did not carry it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The request body's declared length, or null for a body sent without one (chunked).</summary>
    public long? ContentLength => Header("Content-Length") is { } length && long.TryParse(length, out var n) ? n : null;
}

/// <summary>Every request a simulator received, in arrival order; thread-safe.</summary>
public sealed class RequestJournal
{
    private readonly Lock _gate = new();
    private ImmutableList<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests;
            }
        }
    }

    /// <summary>Requests with a body (POST, PUT, PATCH), the ones strict servers are picky about.</summary>
    public IReadOnlyList<RecordedRequest> Writes => [.. Requests.Where(r => r.Method is "POST" or "PUT" or "PATCH")];

    public void Clear()
    {
        lock (_gate)
        {
            _requests = [];
        }
    }

    internal void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests = _requests.Add(request);
        }
    }
}
