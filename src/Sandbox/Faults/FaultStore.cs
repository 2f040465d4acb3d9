using System.Collections.Concurrent;

namespace Sandbox.Faults;

/// <summary>
/// Provider errors queued for a business number: its next sends fail with them, one each, the
/// way a real provider throttles, rejects or breaks, so the product's handling can be tested.
/// </summary>
public sealed class FaultStore
{
    readonly ConcurrentDictionary<(string Provider, string Business), ConcurrentQueue<int>> _faults = new();

    public void Enqueue(string provider, string business, int code, int count)
    {
        var queue = _faults.GetOrAdd((provider, business), _ => new ConcurrentQueue<int>());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(code);
        }
    }

    /// <summary>The error code the next send must fail with, if one is queued.</summary>
    public int? TakeNext(string provider, string business) =>
        _faults.TryGetValue((provider, business), out var queue) && queue.TryDequeue(out var code) ? code : null;

    public void Clear() => _faults.Clear();
}
