using System.Diagnostics;

namespace StreamsBench;

/// <summary>Tells the workload that an entry reached its handler, and when.</summary>
public sealed class HandlerProbe
{
    int _handled;

    public int Handled => Volatile.Read(ref _handled);

    public Action<int, long>? OnHandled { get; set; }

    public void Record(BenchEvent @event)
    {
        Interlocked.Increment(ref _handled);
        OnHandled?.Invoke(@event.Sequence, Stopwatch.GetTimestamp());
    }
}
