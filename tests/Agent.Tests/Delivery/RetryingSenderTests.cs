using Agent.Delivery;
using Messaging.Channels;
using Messaging.Channels.Errors;
using Messaging.Channels.Sending;
using Microsoft.Extensions.Time.Testing;

namespace Agent.Tests.Delivery;

/// <summary>The send retry's shape on a fake clock: what is retried, how long each wait is, and what each retry reports.</summary>
public sealed class RetryingSenderTests
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    static SendResult Throttled(TimeSpan? retryAfter) => SendResult.Failed(
        new SendError(WhatsAppProvider.Meta, SendErrorCategory.Retryable, 130429, "Slow down.", null) { RetryAfter = retryAfter, HttpStatus = 429 });

    static readonly SendResult Sent = SendResult.Sent("wamid.1");

    /// <summary>Runs the pipeline with answers in turn (the last repeats), advancing the clock; returns the waits between attempts and what each retry reported.</summary>
    async Task<(List<TimeSpan> Waits, List<RetryingSend> Retries, SendResult Result)> RunAsync(AgentOptions settings, params SendResult[] answers)
    {
        var retries = new List<RetryingSend>();
        var attempts = new List<DateTimeOffset>();
        var pipeline = RetryingSender.Pipeline(settings, _time, (retry, _) =>
        {
            retries.Add(retry);
            return ValueTask.CompletedTask;
        });

        var running = pipeline.ExecuteAsync(_ =>
        {
            attempts.Add(_time.GetUtcNow());
            return ValueTask.FromResult(answers[Math.Min(attempts.Count - 1, answers.Length - 1)]);
        }, TestContext.Current.CancellationToken).AsTask();
        for (var guard = 0; !running.IsCompleted && guard < 100_000; guard++)
        {
            _time.Advance(Step);
            await Task.Yield();
        }

        var result = await running;
        return ([.. attempts.Zip(attempts.Skip(1), (a, b) => b - a)], retries, result);
    }

    static AgentOptions Settings(int attempts = 5, double baseSeconds = 1, double maxSeconds = 60) => new()
    {
        MaxSendAttempts = attempts,
        RetryBaseDelay = TimeSpan.FromSeconds(baseSeconds),
        MaxRetryDelay = TimeSpan.FromSeconds(maxSeconds),
    };

    static List<TimeSpan> Seconds(params double[] values) => [.. values.Select(TimeSpan.FromSeconds)];

    [Fact]
    public async Task Without_a_provider_delay_the_wait_doubles_from_the_base()
    {
        var (waits, retries, result) = await RunAsync(Settings(), Throttled(null));

        Assert.Equal(Seconds(1, 2, 4, 8), waits);
        Assert.Equal([1, 2, 3, 4], retries.Select(r => r.Attempt));
        Assert.Equal(Seconds(1, 2, 4, 8), retries.Select(r => r.Delay));
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task The_providers_delay_wins_while_it_is_longer_than_the_backoff()
    {
        var (waits, _, _) = await RunAsync(Settings(), Throttled(TimeSpan.FromSeconds(3)));
        Assert.Equal(Seconds(3, 3, 4, 8), waits);
    }

    [Fact]
    public async Task Every_wait_is_capped_whatever_the_provider_asked()
    {
        var (waits, _, _) = await RunAsync(Settings(baseSeconds: 20, maxSeconds: 30), Throttled(TimeSpan.FromMinutes(5)));
        Assert.Equal(Seconds(30, 30, 30, 30), waits);

        var (backoffOnly, _, _) = await RunAsync(Settings(baseSeconds: 20, maxSeconds: 30), Throttled(null));
        Assert.Equal(Seconds(20, 30, 30, 30), backoffOnly);
    }

    [Fact]
    public async Task A_success_after_retries_is_returned()
    {
        var (waits, retries, result) = await RunAsync(Settings(), Throttled(null), Throttled(null), Sent);
        Assert.Equal(Seconds(1, 2), waits);
        Assert.Equal(2, retries.Count);
        Assert.Equal("wamid.1", result.ProviderMessageId);
    }

    [Fact]
    public async Task Errors_that_are_not_retryable_are_returned_at_once()
    {
        var windowClosed = SendResult.Failed(new SendError(WhatsAppProvider.Meta, SendErrorCategory.WindowClosed, 131047, "Closed.", null));
        var (waits, retries, result) = await RunAsync(Settings(), windowClosed);
        Assert.Empty(waits);
        Assert.Empty(retries);
        Assert.Same(windowClosed, result);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var (waits, retries, result) = await RunAsync(Settings(attempts: 1), Throttled(null));
        Assert.Empty(waits);
        Assert.Empty(retries);
        Assert.False(result.Succeeded);
    }
}
