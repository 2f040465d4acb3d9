using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Testing;

/// <summary>
/// Every endpoint a service maps that changes something (POST, PUT, PATCH, DELETE), or that reads
/// (GET), as requests with made-up route values: for tests proving that none of them answers an
/// unauthenticated caller, or an operator of another workspace.
/// </summary>
public static partial class InternalEndpoints
{
    static readonly string[] Mutating = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];
    static readonly string[] Reading = [HttpMethods.Get];

    /// <param name="routeValues">Real values for route parameters by name (<c>conversationId</c>), instead of made-up ones.</param>
    public static IReadOnlyList<(string Method, string Path)> MutatingRequests(IServiceProvider services, Func<string, bool>? isPublic = null, IReadOnlyDictionary<string, string>? routeValues = null) =>
        Requests(services, Mutating, isPublic, routeValues, includeAnonymous: true);

    /// <summary>The GET endpoints, but for those open to anyone (the health probes).</summary>
    public static IReadOnlyList<(string Method, string Path)> ReadRequests(IServiceProvider services, Func<string, bool>? isPublic = null, IReadOnlyDictionary<string, string>? routeValues = null) =>
        Requests(services, Reading, isPublic, routeValues, includeAnonymous: false);

    static IReadOnlyList<(string Method, string Path)> Requests(IServiceProvider services, string[] methods, Func<string, bool>? isPublic, IReadOnlyDictionary<string, string>? routeValues, bool includeAnonymous) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => includeAnonymous || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(method => methods.Contains(method, StringComparer.OrdinalIgnoreCase))
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
