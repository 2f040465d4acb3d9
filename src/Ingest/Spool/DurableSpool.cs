using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ingest.Spool;

/// <summary>
/// An append-only file of accepted events, each record fsynced before the webhook is
/// answered, read back in order by the drainer. Layout of a record: length (4 bytes, big
/// endian), the first 4 bytes of the payload's SHA-256, the JSON payload. A record torn by a
/// crash mid-write fails its length or checksum and ends the readable part of the file. The
/// drain position lives in a separate file replaced atomically; once everything is drained
/// both files are reset.
/// </summary>
public sealed class DurableSpool : IDisposable
{
    const int HeaderLength = 8;
    const int MaxRecordLength = 16 * 1024 * 1024;
    readonly string _dataPath;
    readonly string _positionPath;
    readonly Lock _gate = new();
    readonly FileStream _data;
    long _drainedUpTo;

    public DurableSpool(string directory)
    {
        Directory.CreateDirectory(directory);
        _dataPath = Path.Combine(directory, "spool.data");
        _positionPath = Path.Combine(directory, "spool.position");
        _drainedUpTo = ReadPosition();
        _data = OpenData();
        if (_drainedUpTo > _data.Length)
        {
            // A crash between emptying the data file and resetting the position.
            _drainedUpTo = 0;
        }
        TrimTornTail();
    }

    /// <summary>True while some accepted event has not reached Redis yet.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _data.Length > _drainedUpTo;
            }
        }
    }

    /// <summary>Appends and fsyncs; when this returns, the record survives a crash of the process or the machine.</summary>
    public void Append(SpoolRecord record)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(record);
        var buffer = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, payload.Length);
        Checksum(payload).CopyTo(buffer.AsSpan(4));
        payload.CopyTo(buffer.AsSpan(HeaderLength));
        lock (_gate)
        {
            _data.Seek(0, SeekOrigin.End);
            _data.Write(buffer);
            _data.Flush(flushToDisk: true);
        }
    }

    /// <summary>The oldest records not yet drained, with the position just after each.</summary>
    public IReadOnlyList<(SpoolRecord Record, long Next)> ReadPending(int max)
    {
        var records = new List<(SpoolRecord, long)>();
        lock (_gate)
        {
            var position = _drainedUpTo;
            while (records.Count < max && TryReadAt(position, out var record, out var next))
            {
                records.Add((record, next));
                position = next;
            }
        }
        return records;
    }

    /// <summary>Records up to <paramref name="position"/> reached Redis; an empty spool starts over.</summary>
    public void MarkDrained(long position)
    {
        lock (_gate)
        {
            _drainedUpTo = position;
            if (_drainedUpTo >= _data.Length)
            {
                _data.SetLength(0);
                _data.Flush(flushToDisk: true);
                _drainedUpTo = 0;
            }
            WritePosition(_drainedUpTo);
        }
    }

    public int CountPending()
    {
        lock (_gate)
        {
            var count = 0;
            var position = _drainedUpTo;
            while (TryReadAt(position, out _, out var next))
            {
                count++;
                position = next;
            }
            return count;
        }
    }

    bool TryReadAt(long position, out SpoolRecord record, out long next)
    {
        record = null!;
        next = position;
        Span<byte> header = stackalloc byte[HeaderLength];
        if (position + HeaderLength > _data.Length)
        {
            return false;
        }
        _data.Seek(position, SeekOrigin.Begin);
        _data.ReadExactly(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length <= 0 || length > MaxRecordLength || position + HeaderLength + length > _data.Length)
        {
            return false;
        }
        var payload = new byte[length];
        _data.ReadExactly(payload);
        if (!Checksum(payload).AsSpan().SequenceEqual(header[4..]))
        {
            return false;
        }
        record = JsonSerializer.Deserialize<SpoolRecord>(payload)!;
        next = position + HeaderLength + length;
        return true;
    }

    // A crash mid-append leaves a partial record; cutting it keeps later appends readable.
    void TrimTornTail()
    {
        lock (_gate)
        {
            var position = _drainedUpTo;
            while (TryReadAt(position, out _, out var next))
            {
                position = next;
            }
            if (position < _data.Length)
            {
                _data.SetLength(position);
                _data.Flush(flushToDisk: true);
            }
        }
    }

    FileStream OpenData() => new(_dataPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);

    long ReadPosition()
    {
        if (!File.Exists(_positionPath))
        {
            return 0;
        }
        var text = File.ReadAllText(_positionPath).Trim();
        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var position) && position >= 0 ? position : 0;
    }

    void WritePosition(long position)
    {
        var temporary = _positionPath + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _positionPath, overwrite: true);
    }

    static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(payload)[..4];

    public void Dispose() => _data.Dispose();
}
