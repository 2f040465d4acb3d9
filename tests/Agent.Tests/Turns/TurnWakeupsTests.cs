using Agent.Turns;
using Microsoft.Extensions.Time.Testing;

namespace Agent.Tests.Turns;

public sealed class TurnWakeupsTests
{
    [Fact]
    public async Task A_conversation_due_now_is_ready_at_once()
    {
        using var wakeups = new TurnWakeups(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var conversationId = Guid.NewGuid();

        wakeups.Wake(conversationId, DateTimeOffset.UtcNow.AddSeconds(-1));

        var next = wakeups.NextAsync(TestContext.Current.CancellationToken);
        Assert.True(next.IsCompleted, "a conversation whose window has closed waits for nothing");
        Assert.Equal(conversationId, await next);
    }

    [Fact]
    public async Task A_burst_window_wakes_its_conversation_when_its_timer_fires_and_not_before()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var wakeups = new TurnWakeups(time);
        var conversationId = Guid.NewGuid();

        wakeups.Wake(conversationId, time.GetUtcNow().AddSeconds(3));
        var next = wakeups.NextAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(2.9));
        var earlyState = next.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(earlyState, "woken before the window closed");
        Assert.Equal(conversationId, await next);
    }

    [Fact]
    public async Task A_later_message_of_the_burst_does_not_move_its_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var wakeups = new TurnWakeups(time);
        var conversationId = Guid.NewGuid();

        wakeups.Wake(conversationId, time.GetUtcNow().AddSeconds(3));
        time.Advance(TimeSpan.FromSeconds(1));
        wakeups.Wake(conversationId, time.GetUtcNow().AddSeconds(3));
        var next = wakeups.NextAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(conversationId, await next);
    }

    [Fact]
    public async Task A_conversation_woken_twice_before_it_runs_is_run_once()
    {
        using var wakeups = new TurnWakeups(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        wakeups.Wake(first, DateTimeOffset.MinValue);
        wakeups.Wake(first, DateTimeOffset.MinValue);
        wakeups.Wake(second, DateTimeOffset.MinValue);

        Assert.Equal(first, await wakeups.NextAsync(TestContext.Current.CancellationToken));
        Assert.Equal(second, await wakeups.NextAsync(TestContext.Current.CancellationToken));
    }
}
