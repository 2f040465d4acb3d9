using System.Globalization;
using System.Text;
using Messaging.Channels.Formatting;

namespace Messaging.Channels.Tests.Formatting;

public sealed class WhatsAppTextSplitterTests
{
    private const string Fence = "```";
    private const int Limit = WhatsAppTextSplitter.MaxLength;

    [Fact]
    public void Short_text_is_one_part() =>
        Assert.Equal(["hello 👋"], WhatsAppTextSplitter.Split("  hello 👋\n"));

    [Fact]
    public void Empty_text_is_no_part() =>
        Assert.Empty(WhatsAppTextSplitter.Split(" \n "));

    [Fact]
    public void Exactly_the_limit_is_one_part() =>
        Assert.Single(WhatsAppTextSplitter.Split(new string('a', Limit)));

    [Fact]
    public void Cuts_at_the_paragraph_break()
    {
        var first = Sentences(3000, 1);
        var second = Sentences(3000, 2);
        Assert.Equal([first, second], WhatsAppTextSplitter.Split(first + "\n\n" + second));
    }

    [Fact]
    public void Cuts_at_a_line_break_when_paragraphs_are_too_long()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"line {i}: " + new string('x', 60)).ToList();
        var parts = WhatsAppTextSplitter.Split(string.Join('\n', lines));

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(p.Length <= Limit));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void Cuts_after_a_sentence_when_a_line_is_too_long()
    {
        var parts = WhatsAppTextSplitter.Split(Sentences(9000, 3));
        Assert.True(parts.Count >= 3);
        Assert.All(parts.SkipLast(1), p => Assert.EndsWith(".", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Cuts_between_words_when_there_is_no_sentence_end()
    {
        var words = Enumerable.Range(0, 2000).Select(i => "word" + i).ToList();
        var parts = WhatsAppTextSplitter.Split(string.Join(' ', words));
        Assert.Equal(words, parts.SelectMany(p => p.Split(' ')));
    }

    [Fact]
    public void Never_cuts_inside_an_emphasis_span()
    {
        var prefix = new string('a', 4070) + " ";
        var span = "*bold words that straddle the limit*";
        var parts = WhatsAppTextSplitter.Split(prefix + span + " tail");
        Assert.Equal([prefix.TrimEnd(), span + " tail"], parts);
    }

    [Fact]
    public void A_code_block_that_fits_moves_whole_to_the_next_part()
    {
        var intro = Sentences(3000, 4);
        var code = Fence + "\n" + string.Join('\n', Enumerable.Range(0, 30).Select(i => $"var line{i} = {i};  // {new string('c', 40)}")) + "\n" + Fence;
        var parts = WhatsAppTextSplitter.Split(intro + "\n\n" + code + "\n\nDone.");

        Assert.Equal(intro, parts[0]);
        Assert.StartsWith(code, parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_block_longer_than_a_message_is_closed_and_reopened()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"    print({i}) # {new string('z', 20)}").ToList();
        var parts = WhatsAppTextSplitter.Split(Fence + "\n" + string.Join('\n', lines) + "\n" + Fence);

        Assert.True(parts.Count >= 3);
        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= Limit);
            Assert.StartsWith(Fence + "\n", p, StringComparison.Ordinal);
            Assert.EndsWith("\n" + Fence, p, StringComparison.Ordinal);
        });
        var joinedLines = parts.SelectMany(p => p[(Fence.Length + 1)..^(Fence.Length + 1)].Split('\n'));
        Assert.Equal(lines, joinedLines);
    }

    [Fact]
    public void A_bold_span_longer_than_a_message_is_closed_and_reopened()
    {
        var parts = WhatsAppTextSplitter.Split("*" + string.Join(' ', Enumerable.Repeat("loud", 2000)) + "*");
        Assert.True(parts.Count >= 2);
        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= Limit);
            Assert.Matches(@"^\*loud( loud)*\*$", p);
        });
    }

    [Fact]
    public void Emoji_without_any_space_are_never_split()
    {
        var family = "👨‍👩‍👧‍👦";
        var text = string.Concat(Enumerable.Repeat(family + "👍🏽🇫🇷", 600));
        var parts = WhatsAppTextSplitter.Split(text);

        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.True(p.Length <= Limit));
        Assert.Equal(text, string.Concat(parts));
        Assert.Equal(Graphemes(text), parts.SelectMany(Graphemes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ten_thousand_characters_of_mixed_content(int seed)
    {
        var text = MixedContent(seed, 10_000);
        var parts = WhatsAppTextSplitter.Split(text);

        Assert.True(parts.Count >= 3);
        Assert.All(parts, part =>
        {
            Assert.InRange(part.Length, 1, Limit);
            Assert.True(CountOf(part, Fence) % 2 == 0, "a code fence is left open");
            Assert.False(char.IsLowSurrogate(part[0]) || char.IsHighSurrogate(part[^1]), "a surrogate pair was split");
        });

        // Same characters in the same order, apart from cut whitespace and reopened fences, and no grapheme split.
        Assert.Equal(Graphemes(Normalize(text)), parts.SelectMany(p => Graphemes(Normalize(p))));
    }

    [Fact]
    public void A_smaller_limit_is_honoured()
    {
        var parts = WhatsAppTextSplitter.Split(MixedContent(7, 3000), 500);
        Assert.All(parts, p => Assert.True(p.Length <= 500));
        Assert.All(parts, p => Assert.True(CountOf(p, Fence) % 2 == 0));
    }

    [Fact]
    public void An_absurd_limit_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WhatsAppTextSplitter.Split("text", 3));

    private static string Sentences(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            var words = Enumerable.Range(0, random.Next(4, 14)).Select(_ => new string('a', random.Next(2, 9)));
            text.Append(text.Length == 0 ? "" : " ").Append(string.Join(' ', words)).Append('.');
        }
        var result = text.ToString(0, Math.Min(text.Length, length));
        return result[..(result.LastIndexOf('.') + 1)];
    }

    /// <summary>Paragraphs, lines, bold and italic spans, emoji (with ZWJ and skin tones), and code blocks of every size.</summary>
    private static string MixedContent(int seed, int length)
    {
        var random = new Random(seed);
        string[] emoji = ["😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "🧑🏿‍💻"];
        string[] words = ["hello", "world", "café", "naïve", "日本語", "مرحبا", "price", "booking"];
        var text = new StringBuilder();
        while (text.Length < length)
        {
            switch (random.Next(6))
            {
                case 0:
                    var codeLines = random.Next(1, random.Next(2) == 0 ? 10 : 200);
                    text.Append(Fence).Append('\n');
                    for (var i = 0; i < codeLines; i++)
                        text.Append("let v").Append(i).Append(" = \"").Append(emoji[random.Next(emoji.Length)]).Append("\";\n");
                    text.Append(Fence);
                    break;
                case 1:
                    text.Append('*').Append(words[random.Next(words.Length)]).Append(' ').Append(words[random.Next(words.Length)]).Append('*');
                    break;
                case 2:
                    text.Append('_').Append(words[random.Next(words.Length)]).Append('_').Append(". ");
                    break;
                default:
                    for (var i = random.Next(5, 40); i > 0; i--)
                    {
                        text.Append(random.Next(5) == 0 ? emoji[random.Next(emoji.Length)] : words[random.Next(words.Length)]);
                        text.Append(random.Next(8) == 0 ? ". " : " ");
                    }
                    break;
            }
            text.Append(random.Next(3) switch { 0 => "\n\n", 1 => "\n", _ => " " });
        }
        return text.ToString();
    }

    private static string Normalize(string text) =>
        string.Concat(text.Replace(Fence, "", StringComparison.Ordinal).Where(c => !char.IsWhiteSpace(c)));

    private static List<string> Graphemes(string text)
    {
        var result = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
            result.Add(enumerator.GetTextElement());
        return result;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
