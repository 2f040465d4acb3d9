using System.Net;
using System.Net.Sockets;
using System.Text;
using Messaging.Tenancy.Urls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tenancy.Tests.Urls;

/// <summary>
/// A tenant URL whose host is a public-looking name is checked again when the connection is made,
/// against every address the name resolves to: a name pointed at loopback reaches nothing.
/// </summary>
public sealed class TenantUrlConnectTests
{
    const string PublicLookingHost = "graph.provider-example.com";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("93.184.216.34,127.0.0.1")]
    [InlineData("169.254.169.254")]
    public async Task A_public_name_that_resolves_to_an_internal_address_is_refused_and_nothing_connects(string addresses)
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resolver = new MappedResolver(new() { [PublicLookingHost] = [.. addresses.Split(',').Select(IPAddress.Parse)] });
        await using var services = Services(resolver, ("Tenancy:TenantUrls:AllowHttp", "true"));
        using var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("tenant");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{PublicLookingHost}:{port}/v23.0/me"), ct));

        var refusal = Assert.IsType<TenantUrlRefusedException>(error.InnerException);
        Assert.Contains($"'{PublicLookingHost}' resolves to", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("non-public address", refusal.Message, StringComparison.Ordinal);
        // The refusal came before the socket: a completed handshake would sit in the backlog.
        Assert.False(listener.Pending());
        Assert.Equal([PublicLookingHost], resolver.Asked);
    }

    [Fact]
    public async Task An_internal_name_is_refused_before_it_is_even_resolved()
    {
        var ct = TestContext.Current.CancellationToken;
        var resolver = new MappedResolver([]);
        await using var services = Services(resolver, ("Tenancy:TenantUrls:AllowHttp", "true"));
        using var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("tenant");

        var error = await Assert.ThrowsAsync<TenantUrlRefusedException>(() => http.GetAsync(new Uri("http://admin:8080/api/tenancy/workspaces"), ct));

        Assert.Contains("not a public host name", error.Message, StringComparison.Ordinal);
        Assert.Empty(resolver.Asked);
    }

    [Fact]
    public async Task A_host_the_deployment_allows_connects_wherever_it_resolves()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = AnswerOnceAsync(listener, ct);
        var resolver = new MappedResolver(new() { ["sandbox"] = [IPAddress.Loopback] });
        await using var services = Services(resolver, ("Tenancy:TenantUrls:AllowHttp", "true"), ("Tenancy:TenantUrls:AllowedHosts:0", "sandbox"));
        using var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("tenant");

        using var response = await http.GetAsync(new Uri($"http://sandbox:{port}/v23.0/me"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(ct));
        await served;
    }

    static ServiceProvider Services(MappedResolver resolver, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTenantUrlPolicy(configuration);
        services.AddSingleton<ITenantHostResolver>(resolver);
        services.AddHttpClient("tenant").ReachesTenantUrls();
        return services.BuildServiceProvider();
    }

    static async Task AnswerOnceAsync(TcpListener listener, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return;
            }
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), ct);
    }

    /// <summary>A name service under the test's control: what a rebinding attacker's DNS would answer.</summary>
    sealed class MappedResolver(Dictionary<string, IPAddress[]> addresses) : ITenantHostResolver
    {
        public List<string> Asked { get; } = [];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(host);
            }
            return Task.FromResult(addresses.TryGetValue(host, out var found) ? found : []);
        }
    }
}
