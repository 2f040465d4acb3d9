using Billing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BillingBench;

/// <summary>The Billing service as Program.cs builds it, on Kestrel at a free loopback port.</summary>
public sealed class BillingUnderTest : IAsyncDisposable
{
    readonly WebApplication _app;

    BillingUnderTest(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BillingUnderTest> StartAsync(string connectionString, string redisConnectionString)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:messaging"] = connectionString;
        builder.Configuration["ConnectionStrings:redis"] = redisConnectionString;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddBilling();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapDefaultEndpoints();
        app.MapBillingApi();
        await app.StartAsync();
        var address = app.Urls.First();
        return new BillingUnderTest(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
