namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads spans out of an OTLP ExportTraceServiceRequest: just the fields a test follows (service
/// name, trace, span and parent ids, name, kind), straight from the protobuf wire format.
/// </summary>
public static class OtlpTraces
{
    // Field numbers of opentelemetry/proto/trace/v1 and common/v1.
    const int ResourceSpansField = 1, ResourceField = 1, ScopeSpansField = 2, AttributesField = 1, SpansField = 2;
    const int KeyField = 1, ValueField = 2, StringValueField = 1;
    const int TraceIdField = 1, SpanIdField = 2, ParentSpanIdField = 4, NameField = 5, KindField = 6;

    public static IEnumerable<ReceivedSpan> Parse(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != ResourceSpansField)
            {
                continue;
            }
            var service = "";
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == ResourceField)
                {
                    service = ServiceName(value) ?? service;
                }
                else if (f == ScopeSpansField)
                {
                    spans.AddRange(Fields(value).Where(s => s.Field == SpansField).Select(s => Span(service, s.Value)));
                }
            }
        }
        return spans;
    }

    static string? ServiceName(byte[] resource)
    {
        foreach (var (field, attribute) in Fields(resource))
        {
            if (field != AttributesField)
            {
                continue;
            }
            var parts = Fields(attribute).ToDictionary(p => p.Field, p => p.Value);
            if (parts.TryGetValue(KeyField, out var key) && System.Text.Encoding.UTF8.GetString(key) == "service.name" && parts.TryGetValue(ValueField, out var value))
            {
                return Fields(value).Where(v => v.Field == StringValueField).Select(v => System.Text.Encoding.UTF8.GetString(v.Value)).FirstOrDefault();
            }
        }
        return null;
    }

    static ReceivedSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case TraceIdField: traceId = Convert.ToHexString(value); break;
                case SpanIdField: spanId = Convert.ToHexString(value); break;
                case ParentSpanIdField: parent = Convert.ToHexString(value); break;
                case NameField: name = System.Text.Encoding.UTF8.GetString(value); break;
                case KindField: kind = (int)ReadVarint(value, 0).Value; break;
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, kind);
    }

    /// <summary>Each field of a message: length-delimited ones with their bytes, varints as their encoded bytes, fixed-size ones skipped.</summary>
    static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var (tag, afterTag) = ReadVarint(message, position);
            position = afterTag;
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    var start = position;
                    position = ReadVarint(message, position).Next;
                    yield return (field, message[start..position]);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var (length, afterLength) = ReadVarint(message, position);
                    position = afterLength + (int)length;
                    yield return (field, message[afterLength..position]);
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected protobuf wire type in field {field}.");
            }
        }
    }

    static (ulong Value, int Next) ReadVarint(byte[] buffer, int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (value, position);
            }
        }
    }
}
