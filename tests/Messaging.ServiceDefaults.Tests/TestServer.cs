using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Messaging.ServiceDefaults.Tests;

/// <summary>A real Kestrel app on a free loopback port, configured by the test.</summary>
public sealed class TestServer : IAsyncDisposable
{
    readonly WebApplication _app;

    TestServer(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(Action<WebApplicationBuilder>? configure, Action<WebApplication> map, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
