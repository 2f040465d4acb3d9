using System.Collections.Concurrent;

namespace FuzzBench;

/// <summary>
/// Keeps the body of every answer to a tagged request, so it can be checked for internals
/// (the open-loop generator only keeps the status).
/// </summary>
public sealed class ResponseCapture(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    static readonly HttpRequestOptionsKey<int> Index = new("fuzz.index");

    readonly ConcurrentDictionary<int, string> _bodies = new();

    public static HttpRequestMessage Tag(HttpRequestMessage request, int index)
    {
        request.Options.Set(Index, index);
        return request;
    }

    /// <summary>The answers since the last call, by request index; forgets them.</summary>
    public IReadOnlyDictionary<int, string> Take()
    {
        var taken = new Dictionary<int, string>(_bodies);
        _bodies.Clear();
        return taken;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Options.TryGetValue(Index, out var index))
        {
            _bodies[index] = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        return response;
    }
}
