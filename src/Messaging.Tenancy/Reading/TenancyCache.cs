using System.Collections.Concurrent;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;

namespace Messaging.Tenancy.Reading;

/// <summary>
/// In-memory snapshots of the tenancy schema: the channel directory, and each workspace once
/// asked for. A change drops what it touches; the next lookup reads the database again. An
/// entry is in the map before its load starts, so a change that arrives during a load drops
/// that load too and nobody caches what the change made stale. Failed loads are not cached.
/// </summary>
internal sealed class TenancyCache(TenancySnapshotLoader loader)
{
    static readonly object DirectoryKey = new();

    readonly ConcurrentDictionary<object, Lazy<Task<ChannelDirectory>>> _directory = new();
    readonly ConcurrentDictionary<Guid, Lazy<Task<TenantWorkspace?>>> _workspaces = new();

    /// <summary>Raised after a change was applied, so waiting code (and tests) know the next lookup sees it.</summary>
    internal event Action<TenancyChanged>? ChangeApplied;

    public Task<ChannelDirectory> GetDirectoryAsync(CancellationToken cancellationToken) =>
        GetAsync(_directory, DirectoryKey, _ => loader.LoadDirectoryAsync(CancellationToken.None), cancellationToken);

    public Task<TenantWorkspace?> GetWorkspaceAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        GetAsync(_workspaces, workspaceId, id => loader.LoadWorkspaceAsync(id, CancellationToken.None), cancellationToken);

    public void Apply(TenancyChanged change)
    {
        if (Guid.TryParse(change.WorkspaceId, out var workspaceId))
        {
            _workspaces.TryRemove(workspaceId, out _);
        }
        else
        {
            _workspaces.Clear();
        }
        if (change.Entity is TenancyEntity.Channel or TenancyEntity.Workspace)
        {
            _directory.Clear();
        }
        ChangeApplied?.Invoke(change);
    }

    /// <summary>Drops everything: after a missed-event window (reconnect) and on the refresh timer.</summary>
    public void Clear()
    {
        _directory.Clear();
        _workspaces.Clear();
    }

    static async Task<TValue> GetAsync<TKey, TValue>(
        ConcurrentDictionary<TKey, Lazy<Task<TValue>>> entries, TKey key, Func<TKey, Task<TValue>> load, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var entry = entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => load(k)));
        try
        {
            // The load is shared by every caller of this key, so one caller's cancellation must not cancel it.
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
            throw;
        }
    }
}
