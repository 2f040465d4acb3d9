using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Testing;

/// <summary>
/// Every endpoint a service maps that changes something (POST, PUT, PATCH, DELETE), as requests
/// with made-up route values: for tests proving that none of them answers an unauthenticated caller.
/// </summary>
public static partial class InternalEndpoints
{
    static readonly string[] Mutating = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <param name="routeValues">Real values for route parameters by name (<c>conversationId</c>), instead of made-up ones.</param>
    public static IReadOnlyList<(string Method, string Path)> MutatingRequests(IServiceProvider services, Func<string, bool>? isPublic = null, IReadOnlyDictionary<string, string>? routeValues = null) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(method => Mutating.Contains(method, StringComparer.OrdinalIgnoreCase))
                .Select(method => (Method: method, Path: Fill(endpoint.RoutePattern.RawText ?? "", routeValues))))
            .Where(request => !(isPublic?.Invoke(request.Path) ?? false))
            .Distinct()];

    public static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = new StringContent("{}", Encoding.UTF8, "application/json"),
    };

    /// <summary><c>/workspaces/{workspaceId:guid}/x</c> becomes <c>/workspaces/6f1c.../x</c>.</summary>
    static string Fill(string pattern, IReadOnlyDictionary<string, string>? routeValues) => "/" + RouteParameter().Replace(pattern.TrimStart('/'), match =>
        routeValues?.GetValueOrDefault(match.Value.Trim('{', '}').Split(':')[0]) is { } value ? value
        : match.Value.Contains(":guid", StringComparison.Ordinal) || match.Value.Contains("Id", StringComparison.Ordinal)
            ? Guid.NewGuid().ToString()
            : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
