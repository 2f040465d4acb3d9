using System.Collections.Concurrent;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;

namespace Ingest.Tests.Infrastructure;

/// <summary>Channels held in memory, as Ingest finds them through the tenancy cache.</summary>
public sealed class InMemoryTenancy : ITenancyReader
{
    readonly ConcurrentDictionary<string, TenantChannel> _channels = new();
    readonly ConcurrentDictionary<string, string> _verifyTokens = new();

    /// <summary>A Meta channel with a phone number id and app secret unique to the test.</summary>
    public TenantChannel AddMetaChannel()
    {
        var id = Guid.NewGuid().ToString();
        var phoneNumberId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = new TenantChannel(id, "ws-" + id[..8], "Meta test channel", ChannelProvider.Meta, true, null, new HashSet<string>(),
            new MetaChannelSettings(phoneNumberId, "+15550100001", null, "access-token", "app-secret-" + id, "v23.0"), null, ChannelHealth.Healthy, 1);
        _channels[id] = channel;
        _verifyTokens[id] = "verify-" + id;
        return channel;
    }

    /// <summary>A Twilio channel with a sender number and auth token unique to the test.</summary>
    public TenantChannel AddTwilioChannel()
    {
        var id = Guid.NewGuid().ToString();
        var number = "+1415" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = new TenantChannel(id, "ws-" + id[..8], "Twilio test channel", ChannelProvider.Twilio, true, null, new HashSet<string>(), null,
            new TwilioChannelSettings("AC" + id.Replace("-", "", StringComparison.Ordinal), "auth-token-" + id, "whatsapp:" + number), ChannelHealth.Healthy, 1);
        _channels[id] = channel;
        return channel;
    }

    public Task<TenantChannel?> FindMetaChannelAsync(string phoneNumberId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_channels.Values.FirstOrDefault(c => c.Meta?.PhoneNumberId == phoneNumberId));

    public Task<TenantChannel?> FindTwilioChannelAsync(string number, CancellationToken cancellationToken = default) =>
        Task.FromResult(_channels.Values.FirstOrDefault(c => c.Twilio is { } t && PhoneNumbers.Digits(t.Number) == PhoneNumbers.Digits(number)));

    public Task<bool> IsMetaVerifyTokenAsync(string verifyToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(_verifyTokens.Values.Contains(verifyToken));

    public Task<TenantChannel?> GetChannelAsync(string channelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_channels.GetValueOrDefault(channelId));

    public Task<ReplyConfiguration?> GetReplyConfigurationAsync(string channelId, CancellationToken cancellationToken = default) =>
        Task.FromResult<ReplyConfiguration?>(null);

    public Task<TenantWorkspace?> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<TenantWorkspace?>(null);
}
