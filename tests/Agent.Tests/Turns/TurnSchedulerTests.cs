using System.Reflection;
using System.Text;
using Agent.Turns;
using Messaging.Streams.Connection;
using Messaging.Streams.Resp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agent.Tests.Turns;

public sealed class TurnSchedulerTests
{
    /// <summary>
    /// A run can finish before the polling loop has recorded it (here: Redis answers at once and
    /// continuations run inline). It must not leave a record behind that keeps its conversation
    /// from ever being run again: the conversation whose lock was busy is tried on later polls.
    /// </summary>
    [Fact]
    public async Task A_conversation_whose_lock_was_busy_is_tried_again_on_later_polls()
    {
        var conversationId = Guid.NewGuid();
        var redis = new LockAlwaysBusyRedis(conversationId);
        var options = Options.Create(new AgentOptions { SchedulerPollInterval = TimeSpan.FromMilliseconds(10) });
        using var services = new ServiceCollection().BuildServiceProvider();
        using var scheduler = new TurnScheduler(
            new TurnSchedule(redis, TimeProvider.System),
            new ConversationLocks(redis, options, NullLogger<ConversationLocks>.Instance),
            services.GetRequiredService<IServiceScopeFactory>(),
            options,
            TimeProvider.System,
            NullLogger<TurnScheduler>.Instance);

        // BackgroundService starts ExecuteAsync on the thread pool; call it directly under the inline context.
        using var stop = new CancellationTokenSource();
        var execute = typeof(TurnScheduler).GetMethod("ExecuteAsync", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new InlineSynchronizationContext());
        Task loop;
        try
        {
            loop = (Task)execute.Invoke(scheduler, [stop.Token])!;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (redis.LockAttempts < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        await stop.CancelAsync();
        await loop;

        Assert.True(redis.LockAttempts >= 3, $"the lock was tried {redis.LockAttempts} time(s)");
    }

    /// <summary>Runs every posted continuation at once on the posting thread.</summary>
    sealed class InlineSynchronizationContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }

    /// <summary>The schedule always has the conversation due; its lock is always held by someone else.</summary>
    sealed class LockAlwaysBusyRedis(Guid conversationId) : IRedisClient
    {
        int _lockAttempts;

        public int LockAttempts => Volatile.Read(ref _lockAttempts);

        public RespProtocol Protocol => RespProtocol.Resp3;

        public bool IsConnected => true;

        public Task<RespReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default) => command.Name switch
        {
            "ZRANGE" or "ZRANGEBYSCORE" => Task.FromResult(RespReply.Aggregate(RespType.Array,
                [RespReply.String(RespType.BulkString, Encoding.UTF8.GetBytes(conversationId.ToString("N")))])),
            "SET" => LockBusy(),
            _ => throw new InvalidOperationException($"Unexpected {command.Name}"),
        };

        Task<RespReply> LockBusy()
        {
            Interlocked.Increment(ref _lockAttempts);
            return Task.FromResult(RespReply.Null);
        }

        public IRedisClient CreateDedicated(string purpose) => this;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
