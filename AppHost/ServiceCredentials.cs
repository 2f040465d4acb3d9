using System.Net.Http.Headers;
using Messaging.AppHost.Infrastructure;
using Messaging.ServiceDefaults.Authentication;

namespace Messaging.AppHost;

/// <summary>
/// One generated credential per service (and one for the AppHost's own calls, the demo seed),
/// kept owner-only in <c>.data/service-credentials/</c> or given as <c>Parameters:service-credential-{name}</c>.
/// Each service gets its own credential, the names of the services with internal APIs to send it
/// to, and the hashes of everyone else's, never their credentials.
/// </summary>
internal sealed class ServiceCredentials
{
    public const string AppHostCaller = ServiceCredential.AppHostCaller;

    /// <summary>The services whose APIs are internal and demand a credential.</summary>
    public static readonly string[] Targets = ["admin", "agent", "billing"];

    readonly Dictionary<string, (IResourceBuilder<ParameterResource> Parameter, string Value)> _credentials = new(StringComparer.Ordinal);

    ServiceCredentials()
    {
    }

    public static ServiceCredentials Create(IDistributedApplicationBuilder builder, string dataDirectory, IEnumerable<string> services)
    {
        var directory = Path.Combine(dataDirectory, "service-credentials");
        Directory.CreateDirectory(directory);
        var credentials = new ServiceCredentials();
        foreach (var name in services.Append(AppHostCaller))
        {
            var parameter = $"service-credential-{name}";
            var file = Path.Combine(directory, name + ".key");
            var value = builder.GeneratedSecretValue(parameter, file, 32);
            credentials._credentials[name] = (builder.AddParameter(parameter, value, secret: true), value);
        }
        return credentials;
    }

    /// <summary>What <paramref name="service"/> needs to call the internal APIs and to recognise its callers.</summary>
    public void GiveTo(IResourceBuilder<ProjectResource> service)
    {
        var name = service.Resource.Name;
        service.WithEnvironment("ServiceAuth__Name", name)
            .WithEnvironment("ServiceAuth__Credential", _credentials[name].Parameter);
        for (var i = 0; i < Targets.Length; i++)
        {
            service.WithEnvironment($"ServiceAuth__Targets__{i}", Targets[i]);
        }
        foreach (var (caller, credential) in _credentials.Where(c => c.Key != name))
        {
            service.WithEnvironment($"ServiceAuth__Callers__{caller}__0", ServiceCredential.Hash(credential.Value));
        }
    }

    /// <summary>The header the AppHost itself calls internal APIs with.</summary>
    public AuthenticationHeaderValue AppHostHeader => ServiceCredential.Header(AppHostCaller, _credentials[AppHostCaller].Value);
}
