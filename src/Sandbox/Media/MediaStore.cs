using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sandbox.Media;

public sealed class MediaStore
{
    readonly ConcurrentDictionary<string, MediaItem> _items = new();

    public MediaItem Add(string id, string owner, string mimeType, byte[] content, string? fileName)
    {
        var item = new MediaItem(id, owner, mimeType, content, SHA256.HashData(content), fileName);
        _items[id] = item;
        return item;
    }

    public MediaItem? Find(string id) => _items.GetValueOrDefault(id);
}
