using Microsoft.Extensions.Time.Testing;
using Sandbox.Webhooks;

namespace Sandbox.Tests;

/// <summary>How a refused status callback is retried, on a fake clock.</summary>
public sealed class StatusCallbackRetryTests
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    async Task<(List<TimeSpan> Waits, List<(int Status, TimeSpan Delay)> Retries, WebhookResponse Last)> RunAsync(int maxAttempts, params WebhookResponse[] answers)
    {
        var retries = new List<(int, TimeSpan)>();
        var attempts = new List<DateTimeOffset>();
        var pipeline = StatusCallbackDispatcher.RetryRefusedCallbacks(
            new StatusCallbackOptions { MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromSeconds(1) },
            _time,
            (response, delay, _) => retries.Add((response.Status, delay)));

        var running = pipeline.ExecuteAsync(_ =>
        {
            attempts.Add(_time.GetUtcNow());
            return ValueTask.FromResult(answers[Math.Min(attempts.Count - 1, answers.Length - 1)]);
        }, TestContext.Current.CancellationToken).AsTask();
        while (!running.IsCompleted)
        {
            _time.Advance(Step);
            await Task.Yield();
        }

        return ([.. attempts.Zip(attempts.Skip(1), (a, b) => b - a)], retries, await running);
    }

    static readonly WebhookResponse Refused = new(503, "busy", null);
    static readonly WebhookResponse Unreachable = new(0, null, "Connection refused");
    static readonly WebhookResponse Accepted = new(200, "", null);

    [Fact]
    public async Task A_refused_callback_is_retried_after_a_delay_that_doubles_until_the_attempts_run_out()
    {
        var (waits, retries, last) = await RunAsync(5, Refused);

        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];
        Assert.Equal(expected, waits);
        Assert.Equal(expected, retries.Select(r => r.Delay));
        Assert.All(retries, r => Assert.Equal(503, r.Status));
        Assert.Same(Refused, last);
    }

    [Fact]
    public async Task An_unreachable_receiver_is_retried_and_an_accepted_callback_ends_the_retries()
    {
        var (waits, retries, last) = await RunAsync(5, Unreachable, Refused, Accepted);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], waits);
        Assert.Equal([0, 503], retries.Select(r => r.Status));
        Assert.Same(Accepted, last);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var (waits, retries, last) = await RunAsync(1, Refused);
        Assert.Empty(waits);
        Assert.Empty(retries);
        Assert.Same(Refused, last);
    }
}
