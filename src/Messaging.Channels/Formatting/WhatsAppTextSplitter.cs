using System.Globalization;

namespace Messaging.Channels.Formatting;

/// <summary>
/// Cuts a long reply into messages WhatsApp accepts (at most 4096 UTF-16 code units each).
/// Cuts fall at a paragraph break if one is far enough along, else a line break, a sentence
/// end, a space; never inside a grapheme (emoji stay whole), a code block or an emphasis
/// span. A code block or span longer than a whole message is closed at the end of one part
/// and reopened at the start of the next.
/// </summary>
public static class WhatsAppTextSplitter
{
    public const int MaxLength = 4096;

    /// <summary>Room for a part's content plus the markers that close and reopen a code block.</summary>
    private const int SmallestLimit = 16;

    private enum Level
    {
        Paragraph,
        Line,
        Sentence,
        Word,
    }

    private static readonly Level[] Levels = [Level.Paragraph, Level.Line, Level.Sentence, Level.Word];

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, SmallestLimit);

        var parts = new List<string>();
        var remaining = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        while (remaining.Length > maxLength)
        {
            var (part, rest) = CutOnce(remaining, maxLength);
            if (part.Length > 0)
                parts.Add(part);
            remaining = rest;
        }
        if (remaining.Length > 0)
            parts.Add(remaining);
        return parts;
    }

    private static (string Part, string Remainder) CutOnce(string text, int maxLength)
    {
        var spans = MarkupSpan.Find(text);
        var boundaries = GraphemeBoundaries(text);
        var blocked = new bool[text.Length + 1];
        foreach (var span in spans)
            Array.Fill(blocked, true, span.Start + 1, span.End - span.Start - 1);

        bool Allowed(int p) => boundaries[p] && !blocked[p];

        if (BestCut(text, 1, maxLength, Allowed) is { } cut)
            return (text[..cut].TrimEnd(), text[cut..].TrimStart());

        // Nothing fits before the limit: the text opens with a code block or span longer than a message.
        var oversized = spans.FirstOrDefault(s => s.Start == 0 && s.End > maxLength);
        if (oversized.End > 0)
            return CutInside(text, oversized, maxLength, boundaries);

        var hard = LastBoundary(text, boundaries, maxLength);
        return (text[..hard], text[hard..].TrimStart());
    }

    /// <summary>
    /// The cut furthest along at the best level that still fills at least half a message;
    /// failing that, the furthest cut at any level; failing that, any grapheme boundary.
    /// </summary>
    private static int? BestCut(string text, int from, int to, Func<int, bool> allowed)
    {
        var minimumFill = from + ((to - from) / 2);
        int? furthest = null;
        foreach (var level in Levels)
        {
            var p = LastCut(text, from, to, level, allowed);
            if (p >= minimumFill)
                return p;
            if (p is { } found && found > (furthest ?? 0))
                furthest = found;
        }
        if (furthest is not null)
            return furthest;

        for (var p = to; p >= from; p--)
        {
            if (allowed(p))
                return p;
        }
        return null;
    }

    private static int? LastCut(string text, int from, int to, Level level, Func<int, bool> allowed)
    {
        for (var p = Math.Min(to, text.Length - 1); p >= from; p--)
        {
            if (allowed(p) && IsBoundary(text, p, level))
                return p;
        }
        return null;
    }

    private static bool IsBoundary(string text, int p, Level level) => level switch
    {
        Level.Paragraph => text[p] == '\n' && p + 1 < text.Length && text[p + 1] == '\n',
        Level.Line => text[p] == '\n',
        Level.Sentence => char.IsWhiteSpace(text[p]) && EndsSentence(text, p),
        _ => char.IsWhiteSpace(text[p]),
    };

    private static bool EndsSentence(string text, int p)
    {
        var k = p - 1;
        while (k >= 0 && text[k] is ')' or ']' or '"' or '\'' or '”' or '’' or '»' or '*' or '_' or '~')
            k--;
        return k >= 0 && text[k] is '.' or '!' or '?' or '…' or '。' or '！' or '？';
    }

    /// <summary>Splits an oversized span, closing it at the end of this part and reopening it in the next.</summary>
    private static (string Part, string Remainder) CutInside(string text, MarkupSpan span, int maxLength, bool[] boundaries)
    {
        // Reserve room for "\n" plus the closing marker.
        var to = Math.Min(maxLength - span.Marker.Length - 1, span.End - span.Marker.Length - 1);
        var from = span.Marker.Length + 1;
        var p = BestCut(text, from, to, i => boundaries[i]) ?? LastBoundary(text, boundaries, to);

        if (span.IsCode)
        {
            var closing = text[p] == '\n' ? "\n" + span.Marker : span.Marker;
            return (text[..p] + closing, span.Marker + text[p..]);
        }
        return (text[..p].TrimEnd() + span.Marker, span.Marker + text[p..].TrimStart());
    }

    /// <summary>The last grapheme boundary at or before <paramref name="limit"/>, past the start.</summary>
    private static int LastBoundary(string text, bool[] boundaries, int limit)
    {
        for (var p = limit; p > 0; p--)
        {
            if (boundaries[p])
                return p;
        }
        // A single grapheme longer than a message (absurd combining runs): cut between code points.
        return char.IsLowSurrogate(text[limit]) ? limit - 1 : limit;
    }

    /// <summary>Positions where a grapheme (user-perceived character, e.g. a whole emoji) starts.</summary>
    private static bool[] GraphemeBoundaries(string text)
    {
        var boundaries = new bool[text.Length + 1];
        for (var i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text.AsSpan(i)))
            boundaries[i] = true;
        boundaries[text.Length] = true;
        return boundaries;
    }
}
