using System.Security.Cryptography;
using System.Text;
using Messaging.Channels.Inbound;
using Messaging.Tenancy.Platform;
using Microsoft.Extensions.Options;
using Messaging.Tenancy.Model;

namespace Messaging.Tenancy.Reading;

internal sealed class TenancyReader(TenancyCache cache, IOptions<PlatformMetaAppOptions> platform) : ITenancyReader
{
    public async Task<TenantChannel?> FindMetaChannelAsync(string phoneNumberId, CancellationToken cancellationToken = default)
    {
        var directory = await cache.GetDirectoryAsync(cancellationToken);
        return directory.ByMetaPhoneNumberId.TryGetValue(phoneNumberId.Trim(), out var address)
            ? await FindChannelAsync(address, cancellationToken)
            : null;
    }

    public async Task<TenantChannel?> FindTwilioChannelAsync(string number, CancellationToken cancellationToken = default)
    {
        var directory = await cache.GetDirectoryAsync(cancellationToken);
        return directory.ByTwilioNumberDigits.TryGetValue(PhoneNumbers.Digits(number), out var address)
            ? await FindChannelAsync(address, cancellationToken)
            : null;
    }

    public async Task<bool> IsMetaVerifyTokenAsync(string verifyToken, CancellationToken cancellationToken = default)
    {
        var directory = await cache.GetDirectoryAsync(cancellationToken);
        // Every stored hash is computed, without stopping at the first match, so the time taken says nothing about which channel matched.
        var matches = false;
        foreach (var stored in directory.MetaVerifyTokens)
        {
            matches |= stored.Matches(verifyToken);
        }
        if (platform.Value is { IsConfigured: true, VerifyToken: { Length: > 0 } platformToken })
        {
            matches |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(verifyToken), Encoding.UTF8.GetBytes(platformToken));
        }
        return matches;
    }

    public async Task<TenantChannel?> GetChannelAsync(string channelId, CancellationToken cancellationToken = default)
    {
        var directory = await cache.GetDirectoryAsync(cancellationToken);
        return directory.ByChannelId.TryGetValue(channelId, out var address)
            ? await FindChannelAsync(address, cancellationToken)
            : null;
    }

    public async Task<ReplyConfiguration?> GetReplyConfigurationAsync(string channelId, CancellationToken cancellationToken = default)
    {
        var directory = await cache.GetDirectoryAsync(cancellationToken);
        if (!directory.ByChannelId.TryGetValue(channelId, out var address))
        {
            return null;
        }
        var workspace = await GetWorkspaceAsync(address.WorkspaceId, cancellationToken);
        return workspace?.ReplyConfigurations.GetValueOrDefault(channelId);
    }

    public Task<TenantWorkspace?> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Guid.TryParse(workspaceId, out var id)
            ? cache.GetWorkspaceAsync(id, cancellationToken)
            : Task.FromResult<TenantWorkspace?>(null);

    async Task<TenantChannel?> FindChannelAsync(ChannelAddress address, CancellationToken cancellationToken)
    {
        var workspace = await GetWorkspaceAsync(address.WorkspaceId, cancellationToken);
        return workspace?.Channels.FirstOrDefault(channel => channel.Id == address.ChannelId);
    }
}
