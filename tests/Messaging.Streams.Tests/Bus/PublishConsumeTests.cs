using Messaging.Streams.Bus;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Bus;

public sealed class PublishConsumeTests(RedisFixture redis)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Published_events_carry_the_envelope_and_are_handled_then_acknowledged()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        var entryIds = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            entryIds.Add(await host.Publisher.PublishAsync(stream, new TestEvent("ws-1", "k", i), Ct));
        }
        await Eventually.HoldsAsync(() => journal.EffectCount == 20, "all 20 events handled");
        await Eventually.HoldsAsync(async () => (await host.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0, "every entry acknowledged");

        var entry = (await host.Database.StreamRangeAsync(stream, entryIds[0], entryIds[0])).Single();
        Assert.Equal("test.event", (string?)entry[EnvelopeFields.Type]);
        Assert.Equal("2", (string?)entry[EnvelopeFields.Version]);
        Assert.Equal("ws-1", (string?)entry[EnvelopeFields.Workspace]);
        Assert.False(entry[EnvelopeFields.OccurredAt].IsNull);
        Assert.Equal("""{"workspaceId":"ws-1","key":"k","sequence":0}""", (string?)entry[EnvelopeFields.Payload]);
        var context = journal.Contexts.Single(c => c.EntryId == entryIds[0]);
        Assert.Equal(((string?)entry[EnvelopeFields.Id], stream, "g", 1L, "ws-1"), (context.EventId, context.Stream, context.Group, context.DeliveryCount, context.WorkspaceId));
        Assert.Equal(20, journal.Contexts.Select(c => c.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Entries_of_types_the_group_does_not_handle_and_malformed_ones_are_dead_lettered_with_their_reason()
    {
        var stream = Keys.Unique("stream");
        var journal = new Journal();
        await using var host = await BusHost.StartAsync(redis.ConnectionString, journal, bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"));

        var other = await host.Publisher.PublishAsync(stream, new OtherEvent("ws"), Ct);
        var garbage = (string?)await host.Database.StreamAddAsync(stream, [new NameValueEntry("hello", "world")]);
        var badJson = (string?)await host.Database.StreamAddAsync(stream, [new("id", "e1"), new("type", "test.event"), new("occurred-at", "2024-01-01T00:00:00Z"), new("payload", "{not json")]);
        await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", 1), Ct);

        await Eventually.HoldsAsync(() => journal.EffectCount == 1, "the valid event handled");
        await Eventually.HoldsAsync(async () => (await host.DeadLetters.ListAsync(stream, cancellationToken: Ct)).Count == 3, "three dead letters");
        var dead = (await host.DeadLetters.ListAsync(stream, cancellationToken: Ct)).ToDictionary(letter => letter.EntryId);
        Assert.Equal(new[] { other, garbage!, badJson! }.Order(StringComparer.Ordinal), dead.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("MalformedEntryException", dead[garbage!].ErrorType, StringComparison.Ordinal);
        Assert.Contains("MalformedEntryException", dead[badJson!].ErrorType, StringComparison.Ordinal);
        Assert.Contains("UnknownEventTypeException", dead[other].ErrorType, StringComparison.Ordinal);
        Assert.Contains("'test.other'", dead[other].ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'test.event'", dead[other].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, journal.Attempts);
        await Eventually.HoldsAsync(async () => (await host.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0, "nothing left pending");
    }

    [Fact]
    public async Task Streams_are_trimmed_by_the_configured_policy()
    {
        var stream = Keys.Unique("stream");
        var settings = new Dictionary<string, string?> { ["Streams:Trim:0:Stream"] = stream, ["Streams:Trim:0:MaxLength"] = "10", ["Streams:Trim:0:Approximate"] = "false" };
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { }, settings);

        for (var i = 0; i < 25; i++)
        {
            await host.Publisher.PublishAsync(stream, new TestEvent("ws", "k", i), Ct);
        }

        Assert.Equal(10, await host.Database.StreamLengthAsync(stream));
    }

    [Theory]
    [InlineData("Streams:Consumer:MaxDeliveries", "0")]
    [InlineData("Streams:Consumer:MaxDeliveries", "101")]
    [InlineData("Streams:Consumer:VisibilityTimeout", "00:00:00")]
    [InlineData("Streams:Consumer:MaxConcurrency", "0")]
    public async Task Absurd_settings_stop_the_start_with_a_clear_error(string key, string value)
    {
        var stream = Keys.Unique("stream");
        using var host = BusHost.Build(redis.ConnectionString, new Journal(), bus => bus.AddConsumer<TestEvent, JournalHandler>(stream, "g"), new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_redis()
    {
        await using var host = await BusHost.StartAsync(redis.ConnectionString, new Journal(), _ => { });

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries[StreamsExtensions.RedisHealthCheckName].Status);
    }

    [Fact]
    public async Task The_health_check_answers_unhealthy_within_its_own_timeout_while_redis_is_unreachable()
    {
        // A port nothing listens on, and a command timeout far beyond the check's: the PING would
        // wait in the client's backlog for 60 s; the check must answer on its own.
        var nowhere = $"127.0.0.1:{System.Net.IPEndPoint.MinPort + 1},connectTimeout=200,syncTimeout=60000,asyncTimeout=60000";
        using var host = BusHost.Build(nowhere, new Journal(), _ => { });

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        var entry = report.Entries[StreamsExtensions.RedisHealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"No answer within {StreamsExtensions.RedisHealthCheckTimeout.TotalSeconds:0.#} s.", entry.Description);
    }
}
