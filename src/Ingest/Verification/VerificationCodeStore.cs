using System.Globalization;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using StackExchange.Redis;

namespace Ingest.Verification;

/// <summary>
/// The latest verification code per channel, kept in Redis for a week where the Channels page
/// reads it, and announced on channel:alerts, from which Admin mails it to the workspace's owners.
/// </summary>
public sealed partial class VerificationCodeStore(IConnectionMultiplexer redis, IEventPublisher publisher, ILogger<VerificationCodeStore> logger)
{
    static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static string Key(string channelId) => $"ingest:verification:{channelId}";

    public async Task RecordAsync(VerificationCode code, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var database = redis.GetDatabase();
            await database.HashSetAsync(Key(code.ChannelId),
            [
                new("code", code.Code),
                new("caller", code.Caller),
                new("call_sid", code.CallSid),
                new("received_at", code.ReceivedAt.ToString("O", CultureInfo.InvariantCulture)),
            ]);
            await database.KeyExpireAsync(Key(code.ChannelId), Retention);
            await publisher.PublishAsync(StreamNames.ChannelAlerts,
                new VerificationCodeCaptured(code.WorkspaceId, code.ChannelId, code.ChannelName, code.Code, code.Caller, code.ReceivedAt), cancellationToken);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            LogNotStored(logger, code.ChannelId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification code for channel {ChannelId} was lost, Redis is unavailable ({Reason}); request another verification call")]
    static partial void LogNotStored(ILogger logger, string channelId, string reason);
}
