using System.Globalization;
using Messaging.Streams.Commands;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;

namespace Ingest.Verification;

/// <summary>
/// The latest verification code per channel, kept in Redis for a week where Admin reads it.
/// The code is also in the log, so a Redis outage during the call loses nothing an operator needs.
/// </summary>
public sealed partial class VerificationCodeStore(IRedisClient redis, ILogger<VerificationCodeStore> logger)
{
    static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public static string Key(string channelId) => $"ingest:verification:{channelId}";

    public async Task RecordAsync(VerificationCode code, CancellationToken cancellationToken)
    {
        try
        {
            await redis.HashSetAsync(Key(code.ChannelId),
            [
                new("code", code.Code),
                new("caller", code.Caller),
                new("call_sid", code.CallSid),
                new("received_at", code.ReceivedAt.ToString("O", CultureInfo.InvariantCulture)),
            ], cancellationToken);
            await redis.ExpireAsync(Key(code.ChannelId), Retention, cancellationToken);
        }
        catch (RedisException e)
        {
            LogNotStored(logger, code.ChannelId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification code for channel {ChannelId} only in the log: Redis unavailable ({Reason})")]
    static partial void LogNotStored(ILogger logger, string channelId, string reason);
}
