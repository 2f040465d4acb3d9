using Messaging.Streams.Errors;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Messaging.Streams.Tests.Errors;

/// <summary>The one wait for Redis to come back (consumers, listeners, the Ingest spool), on a fake clock.</summary>
public sealed class RedisOutageRetryTests
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);
    static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Redis_failures_are_retried_after_the_first_delay_doubling_to_5_s_and_each_wait_is_reported()
    {
        var reported = new List<(string Reason, TimeSpan Delay)>();
        var pipeline = RedisOutageRetry.Create(_time, FirstDelay, (e, delay) => reported.Add((e.Message, delay)));
        var attempts = new List<DateTimeOffset>();

        var running = pipeline.ExecuteAsync(_ =>
        {
            attempts.Add(_time.GetUtcNow());
            if (attempts.Count > 8)
            {
                return ValueTask.FromResult(42);
            }
            // Both ways StackExchange.Redis says Redis did not answer: an error, or no reply in time.
            throw attempts.Count % 2 == 0
                ? new RedisTimeoutException(CommandFlags.None, $"down {attempts.Count}", CommandStatus.Sent)
                : new RedisException($"down {attempts.Count}");
        }, TestContext.Current.CancellationToken).AsTask();
        while (!running.IsCompleted)
        {
            _time.Advance(Step);
            await Task.Yield();
        }

        Assert.Equal(42, await running);
        double[] expected = [0.25, 0.5, 1, 2, 4, 5, 5, 5];
        Assert.Equal(expected.Select(TimeSpan.FromSeconds), attempts.Zip(attempts.Skip(1), (a, b) => b - a));
        Assert.Equal(expected.Select(TimeSpan.FromSeconds), reported.Select(r => r.Delay));
        Assert.Equal("down 1", reported[0].Reason);
    }

    [Fact]
    public async Task Each_execution_starts_again_from_the_first_delay()
    {
        var reported = new List<TimeSpan>();
        var pipeline = RedisOutageRetry.Create(_time, FirstDelay, (_, delay) => reported.Add(delay));
        for (var batch = 0; batch < 2; batch++)
        {
            var failures = 0;
            var running = pipeline.ExecuteAsync(_ => ++failures <= 2 ? throw new RedisException("down") : ValueTask.CompletedTask, TestContext.Current.CancellationToken).AsTask();
            while (!running.IsCompleted)
            {
                _time.Advance(Step);
                await Task.Yield();
            }
            await running;
        }

        TimeSpan[] expected = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)];
        Assert.Equal(expected, reported);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var pipeline = RedisOutageRetry.Create(_time, FirstDelay, (_, _) => Assert.Fail("retried"));
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            pipeline.ExecuteAsync(_ => throw new InvalidDataException("corrupt"), TestContext.Current.CancellationToken).AsTask());
    }
}
