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
    /// A run can finish before the scheduler has recorded it (here: Redis answers at once and
    /// continuations run inline). It must not leave a record behind that keeps its conversation
    /// from ever being run again: each later wake-up of the conversation whose lock was busy
    /// tries the lock again.
    /// </summary>
    [Fact]
    public async Task A_conversation_whose_lock_was_busy_is_tried_again_when_woken_again()
    {
        var conversationId = Guid.NewGuid();
        var redis = new LockAlwaysBusyRedis();
        var multiplexer = redis.Multiplexer;
        var options = Options.Create(new AgentOptions());
        using var services = new ServiceCollection().BuildServiceProvider();
        using var wakeups = new TurnWakeups(TimeProvider.System);
        using var scheduler = new TurnScheduler(
            wakeups,
            new TurnSchedule(multiplexer, wakeups, TimeProvider.System),
            new ConversationLocks(multiplexer, options, NullLogger<ConversationLocks>.Instance),
            services.GetRequiredService<IServiceScopeFactory>(),
            options,
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
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            wakeups.Wake(conversationId, DateTimeOffset.UtcNow);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (redis.LockAttempts < attempt && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }
        await stop.CancelAsync();
        await loop;

        Assert.Equal(3, redis.LockAttempts);
    }

    /// <summary>Runs every posted continuation at once on the posting thread.</summary>
    sealed class InlineSynchronizationContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }

    /// <summary>
    /// The conversation's lock is always held by someone else; nothing else is asked of Redis.
    /// Every reply is complete when returned, as when Redis answers at once.
    /// </summary>
    sealed class LockAlwaysBusyRedis
    {
        int _lockAttempts;

        public LockAlwaysBusyRedis()
        {
            var database = FakeRedis.Create<IDatabase>((method, _) => method.Name switch
            {
                nameof(IDatabase.StringSetAsync) => LockBusy(),
                nameof(IDatabase.SortedSetScoreAsync) => Task.FromResult<double?>(null),
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
