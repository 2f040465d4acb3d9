using Messaging.Testing.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests;

/// <summary>The real gateway on Kestrel (limits and client addresses are Kestrel's), pointed at stand-in services.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    readonly WebApplicationFactory<Program> _factory;

    GatewayHost(WebApplicationFactory<Program> factory, LogLines log)
    {
        _factory = factory;
        Log = log;
    }

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>A client that does not follow redirects, to see them.</summary>
    public HttpClient CreateNonRedirectingClient()
    {
        using var probe = _factory.CreateClient();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = probe.BaseAddress };
    }

    public IServiceProvider Services => _factory.Services;

    public LogLines Log { get; }

    public static GatewayHost Start(IReadOnlyDictionary<string, string> settings)
    {
        var log = new LogLines();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.ConfigureLogging(logging => logging.AddProvider(log));
            // UseKestrel(0) binds the default port 5000; a free loopback port keeps parallel runs apart.
            web.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel();
        factory.StartServer();
        return new GatewayHost(factory, log);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
