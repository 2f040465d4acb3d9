using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Messaging.ServiceDefaults.Authentication;

/// <summary>Builds the policy a <c>RequireServiceCaller(...)</c> names: authenticated by service credential, caller among those listed.</summary>
internal sealed class ServiceCallerPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(ServiceAuthExtensions.PolicyPrefix, StringComparison.Ordinal))
        {
            return await base.GetPolicyAsync(policyName);
        }
        return Build(policyName[ServiceAuthExtensions.PolicyPrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    public static AuthorizationPolicy Build(string[] callers)
    {
        var policy = new AuthorizationPolicyBuilder(ServiceCredential.Scheme).RequireAuthenticatedUser();
        return (callers.Length == 0
            ? policy.RequireClaim(ServiceAuthenticationHandler.ServiceClaim)
            : policy.RequireClaim(ServiceAuthenticationHandler.ServiceClaim, callers)).Build();
    }
}
