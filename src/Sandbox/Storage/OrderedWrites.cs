using Npgsql;

namespace Sandbox.Storage;

/// <summary>
/// Numbers a store's changes and writes them in that order, so a change is in the database and
/// visible in memory before a later number is: a reader polling with "after" can never pass a
/// change still being written. Changes that arrive while a write is in flight are written
/// together in the next one, as one batch of statements (one transaction, one round trip), so
/// the write rate is not one round trip per change: under load the Sandbox, the product's
/// provider in a load run, would otherwise queue every send and status behind the one before.
/// </summary>
/// <param name="execute">Runs the statements in order in one transaction (<see cref="SandboxDb.ExecuteAsync"/>).</param>
public sealed class OrderedWrites(Func<IReadOnlyList<NpgsqlBatchCommand>, Task> execute)
{
    /// <summary>Changes in one batch at most, so one round trip stays a bounded statement.</summary>
    public const int MaxBatch = 256;

    readonly Lock _lock = new();
    List<IQueuedWrite> _queued = [];
    bool _writing;
    long _last;

    /// <summary>The number of the last change written.</summary>
    public long Last => Interlocked.Read(ref _last);

    /// <summary>Continues after the highest number already stored.</summary>
    public void Reset(long last) => Interlocked.Exchange(ref _last, last);

    /// <summary>
    /// Writes the change <paramref name="stage"/> makes of the next number: its statements, then,
    /// once they are committed, its effect in memory. The number is used up only when it succeeds;
    /// a change that fails fails alone (its batch is written again without it).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<long, OrderedWrite<T>> stage)
    {
        var queued = new QueuedWrite<T>(stage);
        lock (_lock)
        {
            _queued.Add(queued);
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(DrainAsync);
            }
        }
        return queued.Completion.Task;
    }

    async Task DrainAsync()
    {
        while (true)
        {
            List<IQueuedWrite> batch;
            lock (_lock)
            {
                if (_queued.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _queued.Count <= MaxBatch ? _queued : _queued[..MaxBatch];
                _queued = _queued.Count <= MaxBatch ? [] : _queued[MaxBatch..];
            }
            if (!await TryWriteAsync(batch))
            {
                foreach (var write in batch)
                {
                    await TryWriteAsync([write]);
                }
            }
        }
    }

    /// <summary>Writes the batch in one round trip; false, with nothing numbered, when it failed and has more than one change.</summary>
    async Task<bool> TryWriteAsync(IReadOnlyList<IQueuedWrite> batch)
    {
        var staged = new List<IQueuedWrite>(batch.Count);
        var commands = new List<NpgsqlBatchCommand>();
        var next = _last + 1;
        foreach (var write in batch)
        {
            try
            {
                commands.AddRange(write.Stage(next));
                staged.Add(write);
                next++;
            }
            catch (Exception e)
            {
                write.Fail(e);
            }
        }
        if (staged.Count == 0)
        {
            return true;
        }
        try
        {
            await execute(commands);
        }
        catch (Exception) when (staged.Count > 1)
        {
            return false;
        }
        catch (Exception e)
        {
            staged[0].Fail(e);
            return true;
        }
        // Stored: each is shown (and its number counted) in order, even if showing one throws.
        var shown = new List<IQueuedWrite>(staged.Count);
        foreach (var write in staged)
        {
            try
            {
                write.Apply();
                shown.Add(write);
            }
            catch (Exception e)
            {
                write.Fail(e);
            }
            Interlocked.Increment(ref _last);
        }
        foreach (var write in shown)
        {
            write.Complete();
        }
        return true;
    }

    interface IQueuedWrite
    {
        IReadOnlyList<NpgsqlBatchCommand> Stage(long number);

        void Apply();

        void Complete();

        void Fail(Exception exception);
    }

    sealed class QueuedWrite<T>(Func<long, OrderedWrite<T>> stage) : IQueuedWrite
    {
        OrderedWrite<T>? _staged;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<NpgsqlBatchCommand> Stage(long number)
        {
            _staged = stage(number);
            return _staged.Commands;
        }

        public void Apply() => _staged!.Apply?.Invoke();

        public void Complete() => Completion.TrySetResult(_staged!.Result);

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

/// <summary>One numbered change: the statements that store it, and what it does in memory once they are committed.</summary>
public sealed record OrderedWrite<T>(IReadOnlyList<NpgsqlBatchCommand> Commands, Action? Apply, T Result);
