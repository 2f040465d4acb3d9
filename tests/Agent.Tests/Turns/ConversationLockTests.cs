using Agent.Turns;
using Agent.Tests.Infrastructure;
using Messaging.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agent.Tests.Turns;

/// <summary>A lease tells its turn when the lock is no longer held, so the turn stops before it sends.</summary>
public sealed class ConversationLockTests
{
    static readonly IOptions<AgentOptions> OneSecondLocks = Options.Create(new AgentOptions { ConversationLockExpiry = TimeSpan.FromSeconds(1) });

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task WaitForLostAsync(ConversationLease lease)
    {
        var lost = new TaskCompletionSource();
        using var registration = lease.Lost.Register(lost.SetResult);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task A_lock_taken_by_another_holder_is_reported_lost()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var locks = new ConversationLocks(redis, OneSecondLocks, NullLogger<ConversationLocks>.Instance);
        var conversation = Guid.NewGuid();
        await using var lease = await locks.TryAcquireAsync(conversation, Ct);
        Assert.NotNull(lease);

        // What another replica sees after an expiry: the key with its own token.
        await redis.GetDatabase().StringSetAsync(ConversationLocks.KeyFor(conversation), "another-holder", TimeSpan.FromSeconds(30));

        await WaitForLostAsync(lease);
        Assert.False(lease.IsHeld);
        Assert.Equal("another-holder", (string?)await redis.GetDatabase().StringGetAsync(ConversationLocks.KeyFor(conversation)));
    }

    [Fact]
    public async Task Renewals_that_keep_failing_report_the_lock_lost_instead_of_being_swallowed()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",abortConnect=false,connectTimeout=200,syncTimeout=200,asyncTimeout=200");
        var locks = new ConversationLocks(redis, OneSecondLocks, NullLogger<ConversationLocks>.Instance);
        await using var lease = await locks.TryAcquireAsync(Guid.NewGuid(), Ct);
        Assert.NotNull(lease);

        await server.KillAsync();

        await WaitForLostAsync(lease);
        Assert.False(lease.IsHeld);
    }

    [Fact]
    public async Task A_held_lock_is_renewed_and_stays_held()
    {
        await using var server = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var locks = new ConversationLocks(redis, OneSecondLocks, NullLogger<ConversationLocks>.Instance);
        var conversation = Guid.NewGuid();
        await using var lease = await locks.TryAcquireAsync(conversation, Ct);
        Assert.NotNull(lease);
        var key = ConversationLocks.KeyFor(conversation);

        // The time to live runs down, then jumps back up when the lease renews it.
        TimeSpan? lowest = null;
        await Eventually.ReturnsAsync(async () => await redis.GetDatabase().KeyTimeToLiveAsync(key), ttl =>
        {
            var renewed = ttl is { } now && lowest is { } low && now > low + TimeSpan.FromMilliseconds(100);
            lowest = lowest is null || ttl < lowest ? ttl : lowest;
            return renewed;
        }, "the lock renewed");

        Assert.True(lease.IsHeld);
        Assert.False(lease.Lost.IsCancellationRequested);
    }
}
