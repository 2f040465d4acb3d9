using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Admin.Live;

/// <summary>
/// Fans the changes <see cref="LiveFeed"/> reads out to the browsers watching a workspace (one
/// bounded queue per server-sent-events connection; a browser too slow to keep up loses the
/// oldest, which is harmless: every change only tells the page to fetch what it shows again).
/// </summary>
public sealed class LiveHub
{
    readonly ConcurrentDictionary<Guid, (string WorkspaceId, Channel<LiveChange> Queue)> _watchers = new();

    public int WatcherCount => _watchers.Count;

    public Subscription Watch(string workspaceId)
    {
        var id = Guid.NewGuid();
        var queue = Channel.CreateBounded<LiveChange>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _watchers[id] = (workspaceId, queue);
        return new Subscription(queue.Reader, () => _watchers.TryRemove(id, out _));
    }

    public void Publish(LiveChange change)
    {
        foreach (var (workspaceId, queue) in _watchers.Values)
        {
            if (workspaceId == change.WorkspaceId)
            {
                queue.Writer.TryWrite(change);
            }
        }
    }

    public sealed class Subscription(ChannelReader<LiveChange> changes, Action stop) : IDisposable
    {
        public ChannelReader<LiveChange> Changes { get; } = changes;

        public void Dispose() => stop();
    }
}
