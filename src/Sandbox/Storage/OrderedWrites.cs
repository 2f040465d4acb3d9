namespace Sandbox.Storage;

/// <summary>
/// Numbers a store's changes and writes them one at a time, so a change is in the database and
/// visible in memory before the next one is numbered: a reader polling with "after" can never
/// pass a change still being written. Each write is one short statement on loopback PostgreSQL.
/// </summary>
public sealed class OrderedWrites : IDisposable
{
    readonly SemaphoreSlim _turn = new(1, 1);
    long _last;

    /// <summary>The number of the last change written.</summary>
    public long Last => Interlocked.Read(ref _last);

    /// <summary>Continues after the highest number already stored.</summary>
    public void Reset(long last) => Interlocked.Exchange(ref _last, last);

    /// <summary>Runs <paramref name="write"/> with the next number; the number is used up only when it succeeds.</summary>
    public async Task<T> WriteAsync<T>(Func<long, Task<T>> write)
    {
        await _turn.WaitAsync();
        try
        {
            var result = await write(_last + 1);
            Interlocked.Increment(ref _last);
            return result;
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}
