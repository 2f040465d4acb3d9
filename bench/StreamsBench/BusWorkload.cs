using System.Diagnostics;
using Messaging.Streams.Bus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StreamsBench;

/// <summary>
/// The bus through its public API only (AddStreamsBus, IEventPublisher, a consumer group), so the
/// same code builds against this checkout's bus and against the previous one.
/// </summary>
public sealed class BusWorkload(string connectionString, int events, int concurrency, int pickUpSamples)
{
    const int Rounds = 3;

    public async Task<BusFigures> RunAsync()
    {
        double publish = 0, consume = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var stream = $"bench:bus:{Guid.NewGuid():N}";
            publish = Math.Max(publish, await PublishAsync(stream));
            consume = Math.Max(consume, await ConsumeAsync(stream));
        }
        var (p50, p99) = await PickUpAsync();
        return new BusFigures(publish, consume, p50, p99, pickUpSamples);
    }

    /// <summary><c>concurrency</c> callers publishing one after another on one shared connection.</summary>
    async Task<double> PublishAsync(string stream)
    {
        using var host = Build(new HandlerProbe(), _ => { });
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(stream + ":warm", Event(-1));
        var perCaller = events / concurrency;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await publisher.PublishAsync(stream, Event((caller * perCaller) + i));
            }
        })));
        var elapsed = stopwatch.Elapsed;
        await host.StopAsync();
        return perCaller * concurrency / elapsed.TotalSeconds;
    }

    /// <summary>A new group reads the whole stream: handled and acknowledged entries per second, from start to the last one.</summary>
    async Task<double> ConsumeAsync(string stream)
    {
        var probe = new HandlerProbe();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = events / concurrency * concurrency;
        probe.OnHandled = (_, _) =>
        {
            if (probe.Handled == expected)
            {
                all.TrySetResult();
            }
        };
        using var host = Build(probe, bus => bus.AddConsumer<BenchEvent, BenchHandler>(stream, "bench", options => options.MaxConcurrency = concurrency));
        var stopwatch = Stopwatch.StartNew();
        await host.StartAsync();
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = stopwatch.Elapsed;
        await host.StopAsync();
        return expected / elapsed.TotalSeconds;
    }

    /// <summary>
    /// An idle consumer (its group caught up, waiting 10 to 60 ms since the last entry); one entry
    /// published; the time from the publish call until the handler runs.
    /// </summary>
    async Task<(double P50, double P99)> PickUpAsync()
    {
        var stream = $"bench:pickup:{Guid.NewGuid():N}";
        var probe = new HandlerProbe();
        TaskCompletionSource<long>? arrival = null;
        probe.OnHandled = (_, timestamp) => arrival?.TrySetResult(timestamp);
        using var host = Build(probe, bus => bus.AddConsumer<BenchEvent, BenchHandler>(stream, "bench", options => options.NewGroupReadsHistory = false));
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var samples = new List<double>(pickUpSamples);
        var random = new Random(7);
        // The first ones warm the paths (JIT, the group's creation) and are not counted.
        for (var i = -20; i < pickUpSamples; i++)
        {
            await Task.Delay(random.Next(10, 61));
            arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(stream, Event(i));
            var handled = await arrival.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(sent, handled).TotalMilliseconds);
            }
        }
        await host.StopAsync();
        samples.Sort();
        return (Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    static double Percentile(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    static BenchEvent Event(int sequence) => new("ws-bench", $"conversation-{sequence % 100}", "Hello, do you have a table for four on Friday evening?", sequence);

    IHost Build(HandlerProbe probe, Action<Messaging.Streams.StreamsBusBuilder> consumers)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "streams-bench" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["Streams:DefaultTrim:MaxLength"] = "1000000",
        });
        builder.Services.AddSingleton(probe);
        consumers(builder.AddStreamsBus("redis"));
        return builder.Build();
    }
}
