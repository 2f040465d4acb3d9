using System.Text;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Messaging.Channels.Formatting;

/// <summary>
/// Markdown (what language models write) to WhatsApp's own markup: <c>*bold*</c>, <c>_italic_</c>,
/// <c>~strike~</c>, <c>```mono```</c>. Headers become bold lines, links become "label (url)",
/// lists and quotes keep their shape.
/// </summary>
public static class WhatsAppMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .Build();

    public static string ToWhatsApp(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), Pipeline);
        var output = new StringBuilder(markdown.Length);
        new Writer(output).WriteBlocks(document, separator: "\n\n");
        return output.ToString().Trim();
    }

    private sealed class Writer(StringBuilder output)
    {
        private const string Fence = "```";
        private int _boldDepth;

        public void WriteBlocks(ContainerBlock container, string separator)
        {
            var first = true;
            foreach (var block in container)
            {
                if (block is LinkReferenceDefinitionGroup or BlankLineBlock)
                    continue;
                if (!first)
                    output.Append(separator);
                first = false;
                WriteBlock(block);
            }
        }

        private void WriteBlock(Block block)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    WriteBold(() => WriteInlines(heading.Inline));
                    break;
                case ParagraphBlock paragraph:
                    WriteInlines(paragraph.Inline);
                    break;
                case CodeBlock code:
                    output.Append(Fence).Append('\n').Append(code.Lines.ToString().TrimEnd('\n')).Append('\n').Append(Fence);
                    break;
                case ListBlock list:
                    WriteList(list);
                    break;
                case QuoteBlock quote:
                    WritePrefixed(quote, "> ", "> ");
                    break;
                case ThematicBreakBlock:
                    output.Append("———");
                    break;
                case HtmlBlock html:
                    output.Append(html.Lines.ToString().TrimEnd('\n'));
                    break;
                case LeafBlock leaf when leaf.Inline is not null:
                    WriteInlines(leaf.Inline);
                    break;
                case LeafBlock leaf:
                    output.Append(leaf.Lines.ToString().TrimEnd('\n'));
                    break;
                case ContainerBlock container:
                    WriteBlocks(container, "\n\n");
                    break;
            }
        }

        private void WriteList(ListBlock list)
        {
            var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
            var first = true;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                if (!first)
                    output.Append(list.IsLoose ? "\n\n" : "\n");
                first = false;

                var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "- ";
                WritePrefixed(item, marker, new string(' ', marker.Length), list.IsLoose ? "\n\n" : "\n");
            }
        }

        /// <summary>Writes a container's blocks with a prefix on the first line and another on the rest.</summary>
        private void WritePrefixed(ContainerBlock container, string firstPrefix, string restPrefix, string separator = "\n\n")
        {
            var inner = new StringBuilder();
            var writer = new Writer(inner) { _boldDepth = _boldDepth };
            writer.WriteBlocks(container, separator);

            var lines = inner.ToString().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                    output.Append('\n');
                var prefix = i == 0 ? firstPrefix : restPrefix;
                output.Append(lines[i].Length == 0 ? prefix.TrimEnd() : prefix + lines[i]);
            }
        }

        private void WriteInlines(ContainerInline? container)
        {
            for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
                WriteInline(inline);
        }

        private void WriteInline(Inline inline)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    output.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    output.Append(Fence).Append(code.Content).Append(Fence);
                    break;
                case EmphasisInline { DelimiterChar: '~' } strike:
                    WriteWrapped("~", strike);
                    break;
                case EmphasisInline { DelimiterCount: >= 2 } bold:
                    WriteBold(() => WriteInlines(bold));
                    break;
                case EmphasisInline italic:
                    WriteWrapped("_", italic);
                    break;
                case LinkInline link:
                    WriteLink(link);
                    break;
                case AutolinkInline autolink:
                    output.Append(autolink.IsEmail ? autolink.Url.Replace("mailto:", "", StringComparison.OrdinalIgnoreCase) : autolink.Url);
                    break;
                case LineBreakInline:
                    output.Append('\n');
                    break;
                case HtmlEntityInline entity:
                    output.Append(entity.Transcoded.AsSpan());
                    break;
                case HtmlInline html:
                    output.Append(html.Tag == "<br>" || html.Tag == "<br/>" || html.Tag == "<br />" ? "\n" : string.Empty);
                    break;
                case ContainerInline container:
                    WriteInlines(container);
                    break;
            }
        }

        private void WriteLink(LinkInline link)
        {
            var labelStart = output.Length;
            WriteInlines(link);
            var label = output.ToString(labelStart, output.Length - labelStart);
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? string.Empty;

            // An auto-detected link or one whose label is its own address is written once.
            var sameAsLabel = label == url || "mailto:" + label == url || "http://" + label == url || "https://" + label == url;
            if (url.Length == 0 || sameAsLabel)
                return;
            if (label.Length == 0)
                output.Append(url);
            else
                output.Append(" (").Append(url).Append(')');
        }

        private void WriteWrapped(string marker, ContainerInline content)
        {
            output.Append(marker);
            WriteInlines(content);
            output.Append(marker);
        }

        // Bold inside bold (a **word** in a header) would close the outer span early, so only the outermost is marked.
        private void WriteBold(Action writeContent)
        {
            if (_boldDepth++ == 0)
                output.Append('*');
            writeContent();
            if (--_boldDepth == 0)
                output.Append('*');
        }
    }
}
