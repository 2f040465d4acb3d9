using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Messaging.ServiceDefaults.Authentication;

/// <summary>Authenticates a calling service by the credential in its <c>Authorization: Service</c> header.</summary>
internal sealed partial class ServiceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    IOptionsMonitor<ServiceAuthOptions> services,
    ILoggerFactory loggers,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string ServiceClaim = "messaging:service";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith(ServiceCredential.Scheme + " ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var value = header[(ServiceCredential.Scheme.Length + 1)..].Trim();
        var separator = value.IndexOf(':', StringComparison.Ordinal);
        var caller = separator > 0 ? value[..separator] : "";
        if (separator <= 0 || !services.CurrentValue.Callers.TryGetValue(caller, out var hashes) || !ServiceCredential.Matches(value[(separator + 1)..], hashes))
        {
            LogRefused(Logger, Request.Method, Request.Path, caller.Length > 40 ? caller[..40] : caller);
            return Task.FromResult(AuthenticateResult.Fail("The service credential is not valid."));
        }
        var identity = new ClaimsIdentity([new Claim(ServiceClaim, caller), new Claim(ClaimTypes.Name, caller)], ServiceCredential.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ServiceCredential.Scheme)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: caller '{Caller}' presented no valid service credential")]
    static partial void LogRefused(ILogger logger, string method, Microsoft.AspNetCore.Http.PathString path, string caller);
}
