using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Storage;

namespace Sandbox.Media;

/// <summary>
/// Uploaded attachments: their bytes are files in <see cref="SandboxOptions.MediaDirectory"/>,
/// named by media id, streamed in and out (a 100 MB document is never held in memory); what
/// they are is a row in the database, written once the file is safely on disk.
/// </summary>
public sealed class MediaStore(IOptions<SandboxOptions> options, SandboxDb db, TimeProvider time)
{
    readonly ConcurrentDictionary<string, MediaItem> _items = new();
    readonly string _directory = Path.GetFullPath(options.Value.MediaDirectory);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var rows = await db.RunAsync(context => context.Media.AsNoTracking().ToListAsync(cancellationToken));
        foreach (var row in rows)
        {
            _items[row.Id] = new MediaItem(row.Id, row.Owner, row.Kind, row.MimeType, row.Size, row.Sha256, row.FileName);
        }
    }

    public MediaItem? Find(string id) => _items.GetValueOrDefault(id);

    public string PathOf(MediaItem item) => PathOf(item.Id);

    string PathOf(string id) => Path.Combine(_directory, id);

    /// <summary>Stores <paramref name="content"/> as the media <paramref name="id"/>; null when it holds more than <paramref name="maxBytes"/>.</summary>
    public async Task<MediaItem?> SaveAsync(string id, string owner, string kind, string mimeType, string? fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var partial = Path.Combine(_directory, id + ".partial");
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        return null;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // On disk before the row that points at it commits.
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, PathOf(id));
            var item = new MediaItem(id, owner, kind, mimeType, size, hash.GetHashAndReset(), fileName);
            await db.AddAsync(new MediaRow
            {
                Id = item.Id, Owner = item.Owner, Kind = item.Kind, MimeType = item.MimeType, Size = item.Size,
                Sha256 = item.Sha256, FileName = item.FileName, CreatedAt = time.GetUtcNow(),
            });
            _items[item.Id] = item;
            return item;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
