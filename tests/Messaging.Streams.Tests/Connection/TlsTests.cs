using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messaging.Hosting.Servers;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Messaging.Testing;

namespace Messaging.Streams.Tests.Connection;

public sealed class TlsTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ssl_connects_to_a_tls_only_server_and_an_untrusted_certificate_is_refused()
    {
        var directory = TestDirectories.Create("redis-tls");
        using var certificate = CreateCertificate(directory);
        var port = FreePort.Next();
        using var server = await StartTlsServerAsync(directory, port);
        try
        {
            var options = RedisConnectionOptions.Parse($"127.0.0.1:{port},ssl=true,sslHost=localhost,connectTimeout=3000");

            await using (var client = await RedisClient.ConnectAsync(
                options with { CertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
                cancellationToken: Ct))
            {
                Assert.Equal("PONG", await client.PingAsync(Ct));
                await client.SetAsync("tls", "secret", cancellationToken: Ct);
                Assert.Equal("secret", await client.GetAsync("tls", Ct));
            }
            var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options, cancellationToken: Ct));
            Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(Ct);
            TestDirectories.TryDelete(directory);
        }
    }

    static X509Certificate2 CreateCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "redis.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "redis.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    static async Task<Process> StartTlsServerAsync(string directory, int port)
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--port", "0", "--tls-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--tls-cert-file", Path.Combine(directory, "redis.crt"), "--tls-key-file", Path.Combine(directory, "redis.key"),
            "--tls-ca-cert-file", Path.Combine(directory, "redis.crt"), "--tls-auth-clients", "no",
            "--dir", directory, "--save", "", "--appendonly", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }
        throw new InvalidOperationException("redis-server with TLS did not start: " + await process.StandardError.ReadToEndAsync(Ct));
    }
}
