using System.Collections.Concurrent;
using Messaging.Streams.Bus;

namespace Messaging.Streams.Tests.Bus;

/// <summary>What handlers did, shared by the hosts of a test; <see cref="Behaviour"/> runs before the effect.</summary>
public sealed class Journal
{
    readonly ConcurrentDictionary<string, int> _effects = new();
    readonly ConcurrentDictionary<string, int> _completedRuns = new();

    public Func<TestEvent, EventContext, CancellationToken, Task> Behaviour { get; set; } = (_, _, _) => Task.CompletedTask;

    public ConcurrentQueue<EventContext> Contexts { get; } = new();

    public ConcurrentQueue<TestEvent> Handled { get; } = new();

    public int Attempts;

    public int EffectCount => _effects.Count;

    public bool HasEffect(string eventId) => _effects.ContainsKey(eventId);

    public int CompletedRuns(string eventId) => _completedRuns.GetValueOrDefault(eventId);

    public IReadOnlyCollection<string> EffectIds => [.. _effects.Keys];

    /// <summary>The idempotent effect: applied once per event id however often it is delivered.</summary>
    public void Apply(TestEvent @event, EventContext context)
    {
        if (_effects.TryAdd(context.EventId, 1))
        {
            Handled.Enqueue(@event);
        }
        _completedRuns.AddOrUpdate(context.EventId, 1, (_, runs) => runs + 1);
    }
}

public sealed class JournalHandler(Journal journal) : IEventHandler<TestEvent>
{
    public async Task HandleAsync(TestEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref journal.Attempts);
        journal.Contexts.Enqueue(context);
        await journal.Behaviour(@event, context, cancellationToken);
        journal.Apply(@event, context);
    }
}
