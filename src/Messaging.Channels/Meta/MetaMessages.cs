namespace Messaging.Channels.Meta;

/// <summary>An approved template with its body parameters, in order ({{1}}, {{2}}, …).</summary>
public sealed record MetaTemplate(string Name, string LanguageCode, IReadOnlyList<string> BodyParameters);

/// <summary>Up to three reply buttons under a body text.</summary>
public sealed record MetaButtonsMessage(string Body, IReadOnlyList<MetaReplyButton> Buttons)
{
    public string? Header { get; init; }
    public string? Footer { get; init; }
}

public sealed record MetaReplyButton(string Id, string Title);

/// <summary>A list the customer opens with <see cref="ButtonLabel"/> and picks one row from.</summary>
public sealed record MetaListMessage(string Body, string ButtonLabel, IReadOnlyList<MetaListSection> Sections)
{
    public string? Header { get; init; }
    public string? Footer { get; init; }
}

public sealed record MetaListSection(string? Title, IReadOnlyList<MetaListRow> Rows);

public sealed record MetaListRow(string Id, string Title, string? Description = null);

public enum MetaMediaKind
{
    Image,
    Audio,
    Video,
    Document,
    Sticker,
}

/// <summary>Media sent by public link; captions apply to image, video and document, file names to documents.</summary>
public sealed record MetaMediaMessage(MetaMediaKind Kind, Uri Link)
{
    public string? Caption { get; init; }
    public string? FileName { get; init; }
}
