using Messaging.Streams.Bus;
using Messaging.Streams.Commands;
using Messaging.Streams.Tests.Connection;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Messaging.Streams.Tests.Bus;

public sealed class PublishConsumeTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Published_events_carry_the_envelope_and_are_handled_then_acknowledged()
    {
        var stream = ClientFactory.Key("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        var entryIds = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            entryIds.Add(await host.Publisher.PublishAsync(stream, new TestEvent("ws-1", "k", i), Ct));
        }
        await Eventually.HoldsAsync(() => journal.EffectCount == 20, "all 20 events handled");
        await Eventually.HoldsAsync(async () => (await host.Redis.StreamPendingAsync(stream, "g", Ct)).Count == 0, "every entry acknowledged");

        var entry = (await host.Redis.StreamRangeAsync(stream, entryIds[0], entryIds[0], cancellationToken: Ct)).Single();
        Assert.Equal("TestEvent", entry.GetString(EnvelopeFields.Type));
        Assert.Equal("2", entry.GetString(EnvelopeFields.Version));
        Assert.Equal("ws-1", entry.GetString(EnvelopeFields.Workspace));
        Assert.NotNull(entry.GetString(EnvelopeFields.OccurredAt));
        Assert.Equal("""{"workspaceId":"ws-1","key":"k","sequence":0}""", entry.GetString(EnvelopeFields.Payload));
        var context = journal.Contexts.Single(c => c.EntryId == entryIds[0]);
        Assert.Equal((entry.GetString(EnvelopeFields.Id), stream, "g", 1L, "ws-1"), (context.EventId, context.Stream, context.Group, context.DeliveryCount, context.WorkspaceId));
        Assert.Equal(20, journal.Contexts.Select(c => c.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Entries_of_types_the_group_does_not_handle_are_skipped_and_malformed_ones_dead_lettered()
    {
        var stream = ClientFactory.Key("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        await host.Publisher.PublishAsync(stream, new OtherEvent("ws"), Ct);
        var garbage = await host.Redis.StreamAddAsync(stream, [StreamField.Of("hello", "world")], cancellationToken: Ct);
        var badJson = await host.Redis.StreamAddAsync(stream, [StreamField.Of("id", "e1"), StreamField.Of("type", "TestEvent"), StreamField.Of("occurred-at", "2024-01-01T00:00:00Z"), StreamField.Of("payload", "{not json")], cancellationToken: Ct);
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), Ct);

        await Eventually.HoldsAsync(() => journal.EffectCount == 1, "the valid event handled");
        await Eventually.HoldsAsync(async () => (await host.DeadLetters.ListAsync(stream, cancellationToken: Ct)).Count == 2, "two dead letters");
        var dead = await host.DeadLetters.ListAsync(stream, cancellationToken: Ct);
        Assert.Equal(new[] { garbage!, badJson! }.Order(StringComparer.Ordinal), dead.Select(letter => letter.EntryId).Order(StringComparer.Ordinal));
        Assert.All(dead, letter => Assert.Contains("MalformedEntryException", letter.ErrorType, StringComparison.Ordinal));
        Assert.Equal(1, journal.Attempts);
        await Eventually.HoldsAsync(async () => (await host.Redis.StreamPendingAsync(stream, "g", Ct)).Count == 0, "nothing left pending");
    }

    [Fact]
    public async Task Streams_are_trimmed_by_the_configured_policy()
    {
        var stream = ClientFactory.Key("stream");
        var settings = new Dictionary<string, string?> { ["Streams:Trim:0:Stream"] = stream, ["Streams:Trim:0:MaxLength"] = "10", ["Streams:Trim:0:Approximate"] = "false" };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { }, settings);

        for (var i = 0; i < 25; i++)
        {
            await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", i), Ct);
        }

        Assert.Equal(10, await host.Redis.StreamLengthAsync(stream, Ct));
    }

    [Theory]
    [InlineData("Streams:Consumer:MaxDeliveries", "0")]
    [InlineData("Streams:Consumer:MaxDeliveries", "101")]
    [InlineData("Streams:Consumer:VisibilityTimeout", "00:00:00")]
    [InlineData("Streams:Consumer:MaxConcurrency", "0")]
    public async Task Absurd_settings_stop_the_start_with_a_clear_error(string key, string value)
    {
        var stream = ClientFactory.Key("stream");
        using var host = BusHost.Build(redis.ConnectionString, new Journal(), bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"), new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_redis()
    {
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["redis"].Status);
    }
}
