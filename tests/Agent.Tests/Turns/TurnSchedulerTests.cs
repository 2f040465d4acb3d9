using System.Reflection;
using Agent.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
        var multiplexer = redis.Multiplexer;
        var options = Options.Create(new AgentOptions { SchedulerPollInterval = TimeSpan.FromMilliseconds(10) });
        using var services = new ServiceCollection().BuildServiceProvider();
        using var scheduler = new TurnScheduler(
            new TurnSchedule(multiplexer, TimeProvider.System),
            new ConversationLocks(multiplexer, options, NullLogger<ConversationLocks>.Instance),
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

    /// <summary>
    /// The schedule always has the conversation due; its lock is always held by someone else.
    /// Every reply is complete when returned, as when Redis answers at once.
    /// </summary>
    sealed class LockAlwaysBusyRedis
    {
        int _lockAttempts;

        public LockAlwaysBusyRedis(Guid conversationId)
        {
            var database = FakeRedis.Create<IDatabase>((method, _) => method.Name switch
            {
                nameof(IDatabase.SortedSetRangeByScoreAsync) => Task.FromResult<RedisValue[]>([conversationId.ToString("N")]),
                nameof(IDatabase.StringSetAsync) => LockBusy(),
                _ => throw new InvalidOperationException($"Unexpected {method.Name}"),
            });
            Multiplexer = FakeRedis.Create<IConnectionMultiplexer>((method, _) => method.Name == nameof(IConnectionMultiplexer.GetDatabase)
                ? database
                : throw new InvalidOperationException($"Unexpected {method.Name}"));
        }

        public IConnectionMultiplexer Multiplexer { get; }

        public int LockAttempts => Volatile.Read(ref _lockAttempts);

        Task<bool> LockBusy()
        {
            Interlocked.Increment(ref _lockAttempts);
            return Task.FromResult(false);
        }
    }

    /// <summary>An implementation of a Redis interface that answers every call with <c>answer</c>.</summary>
    class FakeRedis : DispatchProxy
    {
        Func<MethodInfo, object?[], object?> _answer = (method, _) => throw new InvalidOperationException($"Unexpected {method.Name}");

        public static T Create<T>(Func<MethodInfo, object?[], object?> answer)
            where T : class
        {
            var fake = DispatchProxy.Create<T, FakeRedis>();
            ((FakeRedis)(object)fake)._answer = answer;
            return fake;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _answer(targetMethod!, args ?? []);
    }
}
