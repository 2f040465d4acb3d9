using Microsoft.Extensions.Primitives;

namespace Messaging.Channels.Twilio;

/// <summary>
/// A Twilio form post as name/value pairs, the shape both signature validation and parsing
/// read. Repeated names are kept as separate pairs, as Twilio signs them.
/// </summary>
public sealed class TwilioForm
{
    private readonly List<KeyValuePair<string, string>> _fields;

    public TwilioForm(IEnumerable<KeyValuePair<string, string>> fields) => _fields = [.. fields];

    public static TwilioForm From(IEnumerable<KeyValuePair<string, StringValues>> form) =>
        new(form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? string.Empty))));

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>
    /// The first value of <paramref name="name"/>, or null; empty values read as null. U+0000,
    /// which PostgreSQL refuses in text, is dropped (signatures are checked on <see cref="Fields"/>, as posted).
    /// </summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _fields)
            {
                if (key == name)
                {
                    var text = value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;
                    return text.Length == 0 ? null : text;
                }
            }
            return null;
        }
    }
}
