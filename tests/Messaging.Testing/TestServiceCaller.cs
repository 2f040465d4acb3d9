using System.Net.Http.Headers;
using Messaging.ServiceDefaults.Authentication;

namespace Messaging.Testing;

/// <summary>The service credential tests call internal APIs with, as a service of the deployment would.</summary>
public static class TestServiceCaller
{
    public const string Name = "tests";
    const string Credential = "test-service-credential-5f0c2a";

    /// <summary>The setting a service under test needs to accept the tests as a caller.</summary>
    public static KeyValuePair<string, string> AcceptSetting => new($"{ServiceAuthOptions.SectionName}:Callers:{Name}:0", ServiceCredential.Hash(Credential));

    public static AuthenticationHeaderValue Header => ServiceCredential.Header(Name, Credential);

    public static HttpClient Authenticate(this HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = Header;
        return client;
    }
}
