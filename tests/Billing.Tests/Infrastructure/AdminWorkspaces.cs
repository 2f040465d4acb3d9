using System.Collections.Concurrent;
using System.Net;

namespace Billing.Tests.Infrastructure;

/// <summary>Admin's workspace lookup as Billing calls it: 200 for the workspaces a test created, 404 for any other.</summary>
public sealed class AdminWorkspaces
{
    readonly ConcurrentDictionary<string, bool> _created = new();

    public void Create(string workspaceId) => _created[workspaceId] = true;

    public HttpMessageHandler CreateHandler() => new Handler(this);

    sealed class Handler(AdminWorkspaces workspaces) : HttpMessageHandler
    {
        const string Prefix = "/api/tenancy/workspaces/";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var known = request.Method == HttpMethod.Get && path.StartsWith(Prefix, StringComparison.Ordinal)
                && workspaces._created.ContainsKey(Uri.UnescapeDataString(path[Prefix.Length..]));
            return Task.FromResult(new HttpResponseMessage(known ? HttpStatusCode.OK : HttpStatusCode.NotFound) { Content = new StringContent("{}") });
        }
    }
}
