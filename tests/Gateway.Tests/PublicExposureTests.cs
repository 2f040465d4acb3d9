using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>Exposing the gateway publicly: TLS on Kestrel with a certificate, or behind a reverse proxy it trusts.</summary>
public sealed class PublicExposureTests : IAsyncLifetime
{
    Downstream _ingest = null!;
    Downstream _admin = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ingest = await Downstream.StartAsync("ingest");
        _admin = await Downstream.StartAsync("admin");
    }

    public async ValueTask DisposeAsync()
    {
        await _ingest.DisposeAsync();
        await _admin.DisposeAsync();
    }

    Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string> { ["services:ingest:http:0"] = _ingest.Url, ["services:admin:http:0"] = _admin.Url };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task Serves_https_with_the_certificate_it_is_given()
    {
        using var certificate = SelfSigned("gateway.example.test");
        var path = Path.Combine(Path.GetTempPath(), $"gateway-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"), Ct);
        try
        {
            await using var gateway = GatewayHost.Start(Settings(
                ("urls", "https://127.0.0.1:0"),
                ("Kestrel:Certificates:Default:Path", path),
                ("Kestrel:Certificates:Default:Password", "pfx-password")));
            var address = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            // Trust exactly the certificate the gateway was given, as a client pinning it would.
            using var handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.Thumbprint },
            };
            using var client = new HttpClient(handler) { BaseAddress = address };

            using var response = await client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new StringContent("{}"), Ct);

            Assert.Equal("https", address.Scheme);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_is_the_one_it_forwarded()
    {
        await using var gateway = GatewayHost.Start(Settings(("Gateway:TrustedProxies:0", "127.0.0.0/8")));
        using var client = gateway.CreateClient();

        var echo = await SendForwardedAsync(client, "203.0.113.7");

        // The rate limit and the services see the client, not the proxy.
        Assert.Equal("203.0.113.7", echo.ForwardedFor);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_proxy_nobody_trusts_are_ignored()
    {
        await using var gateway = GatewayHost.Start(Settings());
        using var client = gateway.CreateClient();

        var echo = await SendForwardedAsync(client, "203.0.113.7");

        Assert.Equal("127.0.0.1", echo.ForwardedFor);
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_an_address_stops_the_start()
    {
        var error = Assert.ThrowsAny<Exception>(() => GatewayHost.Start(Settings(("Gateway:TrustedProxies:0", "proxy.example"))));

        Assert.Contains("TrustedProxies", error.ToString(), StringComparison.Ordinal);
    }

    static async Task<Downstream.Echo> SendForwardedAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new StringContent("{}") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request, Ct);
        return await Downstream.ReadEchoAsync(response);
    }

    static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
