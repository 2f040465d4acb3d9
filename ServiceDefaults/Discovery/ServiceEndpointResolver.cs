using Microsoft.Extensions.Configuration;

namespace Messaging.ServiceDefaults.Discovery;

/// <summary>
/// Resolves a logical service name ("billing") to the endpoints the orchestrator published
/// in configuration as <c>services__billing__http__0</c>, Aspire's convention. Several
/// endpoints are used in turn.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    int _next;

    public IReadOnlyList<Uri> GetEndpoints(string serviceName, string scheme = "http")
    {
        var section = configuration.GetSection("services").GetSection(serviceName).GetSection(scheme);
        var endpoints = new List<Uri>();
        foreach (var child in section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
        {
            if (Uri.TryCreate(child.Value, UriKind.Absolute, out var uri))
            {
                endpoints.Add(uri);
            }
        }
        return endpoints;
    }

    /// <summary>The next endpoint for the service, or null when the name is not a configured service.</summary>
    public Uri? Resolve(string serviceName, string scheme = "http")
    {
        var endpoints = GetEndpoints(serviceName, scheme);
        if (endpoints.Count == 0 && scheme == "https")
        {
            endpoints = GetEndpoints(serviceName, "http");
        }
        if (endpoints.Count == 0)
        {
            return null;
        }
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count);
        return endpoints[index];
    }
}
