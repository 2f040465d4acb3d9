using Messaging.Channels.Errors;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agent.Delivery;

/// <summary>
/// Throttling shared by every replica: after a provider asks to slow down, every send from that
/// number (or to that recipient, for per-recipient limits) waits until the hold expires in Redis.
/// </summary>
public sealed class SendPacing(IConnectionMultiplexer redis, IOptions<AgentOptions> options, TimeProvider time)
{
    // Meta 131056: too many messages to one recipient; the other limits hold the whole number.
    const int MetaPairRateLimit = 131056;

    static string NumberKey(string channelId) => $"agent:pace:{channelId}";

    static string RecipientKey(string channelId, string recipient) => $"agent:pace:{channelId}:{recipient}";

    public async Task WaitAsync(string channelId, string recipient, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = redis.GetDatabase();
        var number = await database.KeyTimeToLiveAsync(NumberKey(channelId)) ?? TimeSpan.Zero;
        var pair = await database.KeyTimeToLiveAsync(RecipientKey(channelId, recipient)) ?? TimeSpan.Zero;
        var wait = number > pair ? number : pair;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait < options.Value.MaxRetryDelay ? wait : options.Value.MaxRetryDelay, time, cancellationToken);
        }
    }

    public async Task HoldAsync(string channelId, string recipient, SendError error, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        var key = error.Code == MetaPairRateLimit ? RecipientKey(channelId, recipient) : NumberKey(channelId);
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StringSetAsync(key, "1", TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)));
    }
}
