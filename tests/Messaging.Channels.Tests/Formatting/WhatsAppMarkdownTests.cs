using Messaging.Channels.Formatting;

namespace Messaging.Channels.Tests.Formatting;

public sealed class WhatsAppMarkdownTests
{
    [Theory]
    [InlineData("**bold**", "*bold*")]
    [InlineData("__bold__", "*bold*")]
    [InlineData("*italic*", "_italic_")]
    [InlineData("_italic_", "_italic_")]
    [InlineData("~~gone~~", "~gone~")]
    [InlineData("***both***", "_*both*_")]
    [InlineData("use `dotnet test` now", "use ```dotnet test``` now")]
    [InlineData("see [our site](https://example.com) today", "see our site (https://example.com) today")]
    [InlineData("visit https://example.com/a?b=1 now", "visit https://example.com/a?b=1 now")]
    [InlineData("<https://example.com>", "https://example.com")]
    [InlineData("[**Book**](https://example.com/book)", "*Book* (https://example.com/book)")]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("2 \\* 3", "2 * 3")]
    [InlineData("plain text", "plain text")]
    public void Inline_markup(string markdown, string expected) =>
        Assert.Equal(expected, WhatsAppMarkdown.ToWhatsApp(markdown));

    [Theory]
    [InlineData("# Opening hours", "*Opening hours*")]
    [InlineData("### Small", "*Small*")]
    [InlineData("## The **best** cuts", "*The best cuts*")]
    [InlineData("Title\n=====", "*Title*")]
    public void Headers_become_bold_lines(string markdown, string expected) =>
        Assert.Equal(expected, WhatsAppMarkdown.ToWhatsApp(markdown));

    [Fact]
    public void Fenced_code_keeps_its_lines_inside_triple_backticks() =>
        Assert.Equal("Run:\n\n```\nvar x = 1;\n  **not bold**\n```", WhatsAppMarkdown.ToWhatsApp("Run:\n\n```csharp\nvar x = 1;\n  **not bold**\n```"));

    [Fact]
    public void Lists_are_kept()
    {
        var markdown = "Menu:\n\n- **Coffee** 2€\n- Tea\n  - green\n  - black\n\n1. first\n2. second";
        Assert.Equal("Menu:\n\n- *Coffee* 2€\n- Tea\n  - green\n  - black\n\n1. first\n2. second", WhatsAppMarkdown.ToWhatsApp(markdown));
    }

    [Fact]
    public void Ordered_list_keeps_its_start_number() =>
        Assert.Equal("3. three\n4. four", WhatsAppMarkdown.ToWhatsApp("3. three\n4. four"));

    [Fact]
    public void Block_quotes_are_kept() =>
        Assert.Equal("> quoted *line*\n> second", WhatsAppMarkdown.ToWhatsApp("> quoted **line**\nsecond"));

    [Fact]
    public void Paragraphs_stay_separated_and_line_breaks_stay() =>
        Assert.Equal("one\ntwo\n\nthree", WhatsAppMarkdown.ToWhatsApp("one\ntwo\n\n\n\nthree"));

    [Fact]
    public void Emoji_and_non_latin_text_pass_through() =>
        Assert.Equal("*¡Hola!* 👋🏽 مرحبا 👨‍👩‍👧", WhatsAppMarkdown.ToWhatsApp("**¡Hola!** 👋🏽 مرحبا 👨‍👩‍👧"));

    [Fact]
    public void Empty_input_gives_empty_output() =>
        Assert.Equal(string.Empty, WhatsAppMarkdown.ToWhatsApp("  \n\n "));
}
