using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sandbox.Storage;

namespace Sandbox.Faults;

/// <summary>An error for one send: refusing the request, or, <see cref="Late"/>, accepting it and reporting it failed in a status callback.</summary>
public sealed record QueuedFault(int Code, bool Late);

/// <summary>
/// Provider errors queued for a business number: its next sends fail with them, one each, the
/// way a real provider throttles, rejects or breaks, so the product's handling can be tested.
/// Kept in the database; a send with nothing queued never touches it.
/// </summary>
public sealed class FaultStore(SandboxDb db)
{
    readonly ConcurrentDictionary<(string Provider, string Business), ConcurrentQueue<(long Id, QueuedFault Fault)>> _faults = new();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.RunAsync(context => context.Faults.AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken));
        foreach (var row in rows)
        {
            Queue(row.Provider, row.Business).Enqueue((row.Id, new QueuedFault(row.Code, row.Late)));
        }
    }

    public async Task EnqueueAsync(string provider, string business, int code, int count, bool late = false)
    {
        var rows = Enumerable.Range(0, count).Select(_ => new FaultRow { Provider = provider, Business = business, Code = code, Late = late }).ToList();
        await db.RunAsync(async context =>
        {
            context.Faults.AddRange(rows);
            await context.SaveChangesAsync();
        });
        var queue = Queue(provider, business);
        foreach (var row in rows)
        {
            queue.Enqueue((row.Id, new QueuedFault(code, late)));
        }
    }

    /// <summary>The error the next send must fail with, if one is queued; it is used up once taken.</summary>
    public async Task<QueuedFault?> TakeNextAsync(string provider, string business)
    {
        if (!_faults.TryGetValue((provider, business), out var queue) || !queue.TryDequeue(out var next))
        {
            return null;
        }

        await db.RunAsync(context => context.Faults.Where(f => f.Id == next.Id).ExecuteDeleteAsync());
        return next.Fault;
    }

    public async Task ClearAsync()
    {
        await db.RunAsync(context => context.Faults.ExecuteDeleteAsync());
        _faults.Clear();
    }

    ConcurrentQueue<(long Id, QueuedFault Fault)> Queue(string provider, string business) =>
        _faults.GetOrAdd((provider, business), _ => new ConcurrentQueue<(long, QueuedFault)>());
}
