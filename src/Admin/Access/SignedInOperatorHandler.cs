using Messaging.Contracts.Operators;

namespace Admin.Access;

/// <summary>
/// Names the signed-in console user on the console's calls to the Agent and Billing, which
/// authorize every operator action for that user's memberships themselves instead of trusting
/// that the page checked. Requests made for no signed-in user (a public lead form) name nobody.
/// </summary>
internal sealed class SignedInOperatorHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (http.HttpContext?.User is { } user && WorkspaceAccess.UserId(user) is { } userId && !request.Headers.Contains(OperatorHeader.Name))
        {
            request.Headers.Add(OperatorHeader.Name, userId.ToString());
        }
        return base.SendAsync(request, cancellationToken);
    }
}
