using System.Net;
using System.Text;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.WebUtilities;

namespace FuzzBench;

/// <summary>Twilio's form posts as bytes, and read back as the product reads them (UTF-8, every pair as posted).</summary>
public static class TwilioForms
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value))));

    /// <summary>The fields the product will see in <paramref name="body"/>, or null when it is no form at all.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Decode(byte[] body)
    {
        try
        {
            using var reader = new FormReader(new MemoryStream(body, writable: false), Encoding.UTF8);
            return TwilioForm.From(reader.ReadForm()).Fields;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static bool SameFields(IReadOnlyList<KeyValuePair<string, string>>? a, IReadOnlyList<KeyValuePair<string, string>>? b) =>
        a is not null && b is not null && a.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal)
            .SequenceEqual(b.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal));

    public static HttpContent Content(byte[] body, string? contentType = "application/x-www-form-urlencoded")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
