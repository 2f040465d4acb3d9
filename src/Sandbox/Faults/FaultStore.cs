using System.Collections.Concurrent;

namespace Sandbox.Faults;

/// <summary>An error for one send: refusing the request, or, <see cref="Late"/>, accepting it and reporting it failed in a status callback.</summary>
public sealed record QueuedFault(int Code, bool Late);

/// <summary>
/// Provider errors queued for a business number: its next sends fail with them, one each, the
/// way a real provider throttles, rejects or breaks, so the product's handling can be tested.
/// </summary>
public sealed class FaultStore
{
    readonly ConcurrentDictionary<(string Provider, string Business), ConcurrentQueue<QueuedFault>> _faults = new();

    public void Enqueue(string provider, string business, int code, int count, bool late = false)
    {
        var queue = _faults.GetOrAdd((provider, business), _ => new ConcurrentQueue<QueuedFault>());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(new QueuedFault(code, late));
        }
    }

    /// <summary>The error the next send must fail with, if one is queued.</summary>
    public QueuedFault? TakeNext(string provider, string business) =>
        _faults.TryGetValue((provider, business), out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    public void Clear() => _faults.Clear();
}
