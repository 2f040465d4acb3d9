namespace Messaging.Streams.Consumers;

/// <summary>Runs work for the same key one after another, in submission order; other keys run in parallel.</summary>
internal sealed class KeyedSerializer
{
    readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    readonly Lock _gate = new();

    /// <summary><paramref name="work"/> must not throw: a failure is the work's own business.</summary>
    public Task Run(string key, Func<Task> work)
    {
        lock (_gate)
        {
            var previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work);
            _tails[key] = next;
            _ = next.ContinueWith(done => Forget(key, done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return next;
        }
    }

    static async Task RunAfterAsync(Task previous, Func<Task> work)
    {
        await previous.ConfigureAwait(false);
        await work().ConfigureAwait(false);
    }

    void Forget(string key, Task done)
    {
        lock (_gate)
        {
            if (_tails.TryGetValue(key, out var tail) && tail == done)
            {
                _tails.Remove(key);
            }
        }
    }
}
