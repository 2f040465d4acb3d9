using System.Text;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>A field of a stream entry; the value is raw bytes (binary safe).</summary>
public readonly record struct StreamField(string Name, ReadOnlyMemory<byte> Value)
{
    public static StreamField Of(string name, string value) => new(name, Encoding.UTF8.GetBytes(value));
}

/// <summary>
/// A stream entry. <see cref="IsDeleted"/> marks a pending entry whose data was removed
/// (XDEL or trimming) after delivery: only its id is left.
/// </summary>
public sealed record StreamEntry(string Id, IReadOnlyList<StreamField> Fields)
{
    public bool IsDeleted => Fields.Count == 0;

    public ReadOnlyMemory<byte>? GetBytes(string name)
    {
        foreach (var field in Fields)
        {
            if (field.Name == name)
            {
                return field.Value;
            }
        }
        return null;
    }

    public string? GetString(string name) => GetBytes(name) is { } value ? Encoding.UTF8.GetString(value.Span) : null;

    internal static StreamEntry FromReply(RespReply reply)
    {
        var parts = reply.Items;
        var id = parts[0].AsString() ?? "";
        if (parts[1].IsNull)
        {
            return new StreamEntry(id, []);
        }
        var values = parts[1].Items;
        var fields = new StreamField[values.Count / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new StreamField(values[2 * i].AsString() ?? "", values[(2 * i) + 1].AsBytes() ?? ReadOnlyMemory<byte>.Empty);
        }
        return new StreamEntry(id, fields);
    }

    internal static IReadOnlyList<StreamEntry> ListFromReply(RespReply reply) =>
        reply.IsNull ? [] : reply.Items.Select(FromReply).ToArray();
}
