namespace Messaging.Channels.Formatting;

/// <summary>
/// A stretch of WhatsApp text that must stay whole: a <c>```</c> code block or a
/// <c>*bold*</c>, <c>_italic_</c>, <c>~strike~</c> span. <see cref="End"/> is exclusive.
/// </summary>
internal readonly record struct MarkupSpan(int Start, int End, string Marker, bool IsCode)
{
    private const string Fence = "```";

    public bool StrictlyContains(int position) => Start < position && position < End;

    /// <summary>Code blocks first (their content is not markup), then single-line emphasis spans outside them.</summary>
    public static List<MarkupSpan> Find(string text)
    {
        var spans = new List<MarkupSpan>();
        var codeMask = new bool[text.Length];

        var open = -1;
        for (var i = text.IndexOf(Fence, StringComparison.Ordinal); i >= 0; i = text.IndexOf(Fence, i, StringComparison.Ordinal))
        {
            if (open < 0)
            {
                open = i;
                i += Fence.Length;
                continue;
            }
            var end = i + Fence.Length;
            spans.Add(new MarkupSpan(open, end, Fence, IsCode: true));
            Array.Fill(codeMask, true, open, end - open);
            open = -1;
            i = end;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (codeMask[i] || !IsEmphasisMarker(text[i]) || !CanOpen(text, i))
                continue;
            var close = FindClose(text, i, codeMask);
            if (close < 0)
                continue;
            spans.Add(new MarkupSpan(i, close + 1, text[i].ToString(), IsCode: false));
            i = close;
        }

        return spans;
    }

    private static bool IsEmphasisMarker(char c) => c is '*' or '_' or '~';

    private static bool CanOpen(string text, int i) =>
        (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
        && i + 1 < text.Length
        && !char.IsWhiteSpace(text[i + 1])
        && text[i + 1] != text[i];

    private static int FindClose(string text, int open, bool[] codeMask)
    {
        for (var j = open + 2; j < text.Length && text[j] != '\n' && !codeMask[j]; j++)
        {
            if (text[j] == text[open]
                && !char.IsWhiteSpace(text[j - 1])
                && (j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1])))
                return j;
        }
        return -1;
    }
}
