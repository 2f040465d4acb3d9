using Messaging.Channels.Inbound;

namespace Messaging.Tenancy.Reading;

/// <summary>Which workspace owns which channel, and the provider keys webhooks are routed by.</summary>
internal sealed record ChannelDirectory(
    IReadOnlyDictionary<string, ChannelAddress> ByChannelId,
    IReadOnlyDictionary<string, ChannelAddress> ByMetaPhoneNumberId,
    IReadOnlyDictionary<string, ChannelAddress> ByTwilioNumberDigits,
    IReadOnlyList<StoredVerifyToken> MetaVerifyTokens)
{
    public static ChannelDirectory Build(IEnumerable<ChannelKeys> channels)
    {
        var byId = new Dictionary<string, ChannelAddress>(StringComparer.Ordinal);
        var byMeta = new Dictionary<string, ChannelAddress>(StringComparer.Ordinal);
        var byTwilio = new Dictionary<string, ChannelAddress>(StringComparer.Ordinal);
        var verifyTokens = new List<StoredVerifyToken>();
        foreach (var channel in channels)
        {
            var address = new ChannelAddress(channel.ChannelId, channel.WorkspaceId);
            byId[channel.ChannelId] = address;
            if (channel.MetaPhoneNumberId is { } phoneNumberId)
            {
                byMeta[phoneNumberId] = address;
            }
            if (channel.TwilioNumber is { } number)
            {
                byTwilio[PhoneNumbers.Digits(number)] = address;
            }
            if (channel.MetaVerifyToken is { } token)
            {
                verifyTokens.Add(token);
            }
        }
        return new ChannelDirectory(byId, byMeta, byTwilio, verifyTokens);
    }
}

internal sealed record ChannelAddress(string ChannelId, string WorkspaceId);

internal sealed record ChannelKeys(string ChannelId, string WorkspaceId, string? MetaPhoneNumberId, string? TwilioNumber, StoredVerifyToken? MetaVerifyToken);

/// <summary>A channel's verify token as stored: salt and hash (<see cref="Secrets.VerifyTokenHash"/>).</summary>
internal sealed record StoredVerifyToken(byte[] Salt, byte[] Hash)
{
    public bool Matches(string token) => Secrets.VerifyTokenHash.Matches(token, Salt, Hash);

    public override string ToString() => "StoredVerifyToken (redacted)";
}
