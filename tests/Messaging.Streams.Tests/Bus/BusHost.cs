using Messaging.Streams.Bus;
using Messaging.Streams.DeadLetters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

/// <summary>A host running the bus against a test server, with short timeouts.</summary>
internal sealed class BusHost : IAsyncDisposable
{
    readonly IHost _host;

    BusHost(IHost host) => _host = host;

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public IDeadLetters DeadLetters => _host.Services.GetRequiredService<IDeadLetters>();

    public IConnectionMultiplexer Redis => _host.Services.GetRequiredService<IConnectionMultiplexer>();

    public IDatabase Database => Redis.GetDatabase();

    public IServiceProvider Services => _host.Services;

    public static IHost Build(string connectionString, Journal journal, Action<Messaging.Streams.StreamsBusBuilder> consumers, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var defaults = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["Streams:Consumer:VisibilityTimeout"] = "00:00:01",
            ["Streams:Consumer:ReadBlock"] = "00:00:00.200",
            ["Streams:Consumer:MaxDeliveries"] = "3",
            ["Streams:Consumer:ShutdownTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Services.AddSingleton(journal);
        if (Environment.GetEnvironmentVariable("STREAMS_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }
        consumers(builder.AddStreamsBus("redis"));
        return builder.Build();
    }

    public static async Task<BusHost> StartAsync(string connectionString, Journal journal, Action<Messaging.Streams.StreamsBusBuilder> consumers, IDictionary<string, string?>? settings = null)
    {
        var host = Build(connectionString, journal, consumers, settings);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new BusHost(host);
    }

    public Task StopAsync() => _host.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
