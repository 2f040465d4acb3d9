using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agent.Turns;

/// <summary>
/// One turn at a time per conversation across every replica: a Redis key set with NX and an
/// expiry, holding a random token. The holder renews it while the turn runs; a crashed holder's
/// lock expires on its own, and its pending turns are picked up again. Release and renewal
/// check the token, so a holder never deletes a lock another replica took after an expiry.
/// Redis rather than a PostgreSQL row lock because a turn waits on HTTP calls (Billing, the AI,
/// the provider) that must not hold a database connection and transaction open. Each script
/// touches one key, so it runs on a cluster as it does on one server.
/// </summary>
public sealed partial class ConversationLocks(IConnectionMultiplexer redis, IOptions<AgentOptions> options, ILogger<ConversationLocks> logger)
{
    const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    public static string KeyFor(Guid conversationId) => $"agent:lock:{conversationId:N}";

    /// <summary>The lock, or null when another turn of the conversation is running.</summary>
    public async Task<ConversationLease?> TryAcquireAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var key = KeyFor(conversationId);
        var token = Guid.NewGuid().ToString("N");
        var expiry = options.Value.ConversationLockExpiry;
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().StringSetAsync(key, token, expiry, When.NotExists)
            ? new ConversationLease(this, key, token, expiry)
            : null;
    }

    internal async Task<bool> RenewAsync(string key, string token, TimeSpan expiry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var renewed = (long)await redis.GetDatabase().ScriptEvaluateAsync(Renew, [key], [token, (long)expiry.TotalMilliseconds]) == 1;
        if (!renewed)
        {
            LogLost(logger, key);
        }
        return renewed;
    }

    internal async Task ReleaseAsync(string key, string token) =>
        await redis.GetDatabase().ScriptEvaluateAsync(Release, [key], [token]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation lock {Key} expired while its turn was running")]
    static partial void LogLost(ILogger logger, string key);
}

/// <summary>A held conversation lock, renewed in the background until disposed.</summary>
public sealed class ConversationLease : IAsyncDisposable
{
    readonly ConversationLocks _locks;
    readonly string _key;
    readonly string _token;
    readonly CancellationTokenSource _stop = new();
    readonly Task _renewal;

    internal ConversationLease(ConversationLocks locks, string key, string token, TimeSpan expiry)
    {
        _locks = locks;
        _key = key;
        _token = token;
        _renewal = RenewUntilDisposedAsync(expiry);
    }

    async Task RenewUntilDisposedAsync(TimeSpan expiry)
    {
        using var timer = new PeriodicTimer(expiry / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && await _locks.RenewAsync(_key, _token, expiry, _stop.Token))
            {
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            // Redis unreachable: the lock expires on its own; the turn finishes, and its
            // deterministic outbound id keeps a second runner from sending twice.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        await _locks.ReleaseAsync(_key, _token);
    }
}
