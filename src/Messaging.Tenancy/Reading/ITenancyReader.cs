using Messaging.Tenancy.Model;

namespace Messaging.Tenancy.Reading;

/// <summary>
/// Tenant configuration for Ingest and Agent, from an in-memory cache that <c>tenancy:changed</c>
/// invalidates (and a timer refreshes). Channels come with their secrets decrypted.
/// </summary>
public interface ITenancyReader
{
    /// <summary>The Meta channel whose WhatsApp phone number id is <paramref name="phoneNumberId"/> (webhook <c>metadata.phone_number_id</c>).</summary>
    Task<TenantChannel?> FindMetaChannelAsync(string phoneNumberId, CancellationToken cancellationToken = default);

    /// <summary>The Twilio channel of a number in any spelling: "whatsapp:+14155238886" (webhook <c>To</c>), "+1 415 523 8886".</summary>
    Task<TenantChannel?> FindTwilioChannelAsync(string number, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when <paramref name="verifyToken"/> is a Meta channel's (compared with its salted hash) or
    /// the platform app's, for the webhook subscription handshake.
    /// </summary>
    Task<bool> IsMetaVerifyTokenAsync(string verifyToken, CancellationToken cancellationToken = default);

    Task<TenantChannel?> GetChannelAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>The channel's reply configuration, or null when none was saved (the channel does not auto-reply).</summary>
    Task<ReplyConfiguration?> GetReplyConfigurationAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>The workspace with its persona, knowledge, templates, AI settings, channels and reply configurations.</summary>
    Task<TenantWorkspace?> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default);
}
