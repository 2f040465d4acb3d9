namespace Messaging.Channels.Twilio;

/// <summary>
/// One Messages resource create: free-form <see cref="Body"/> and <see cref="MediaUrls"/>, or an
/// approved template as <see cref="ContentSid"/> with <see cref="ContentVariables"/>.
/// </summary>
public sealed record TwilioMessage(string To)
{
    public string? Body { get; init; }

    public IReadOnlyList<Uri> MediaUrls { get; init; } = [];

    /// <summary>A Content API template (<c>HX…</c>).</summary>
    public string? ContentSid { get; init; }

    /// <summary>Template variables by placeholder ("1", "2", …), sent as a JSON object.</summary>
    public IReadOnlyDictionary<string, string>? ContentVariables { get; init; }

    /// <summary>Where Twilio posts status callbacks for this message.</summary>
    public Uri? StatusCallback { get; init; }
}
