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

    internal void RenewalFailed(string key, Exception exception, int failures) => LogRenewalFailed(logger, exception, key, failures);

    internal void ReleaseFailed(string key, Exception exception) => LogReleaseFailed(logger, exception, key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation lock {Key} expired while its turn was running")]
    static partial void LogLost(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew conversation lock {Key} ({Failures} time(s) in a row)")]
    static partial void LogRenewalFailed(ILogger logger, Exception exception, string key, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release conversation lock {Key}; it expires on its own")]
    static partial void LogReleaseFailed(ILogger logger, Exception exception, string key);
}

/// <summary>
/// A held conversation lock, renewed in the background until disposed. <see cref="Lost"/> is
/// cancelled as soon as the lock can no longer be trusted: another holder has it, or renewals
/// kept failing until it may have expired. A turn runs on that token, so one that lost its
/// lock stops before it sends.
/// </summary>
public sealed class ConversationLease : IAsyncDisposable
{
    // Renewals run every third of the expiry: after two failures in a row two thirds of it have
    // passed without a confirmation, which leaves the last third to stop before anyone else may hold it.
    const int FailedRenewalsBeforeLost = 2;

    readonly ConversationLocks _locks;
    readonly string _key;
    readonly string _token;
    readonly CancellationTokenSource _stop = new();
    readonly CancellationTokenSource _lost = new();
    readonly Task _renewal;

    internal ConversationLease(ConversationLocks locks, string key, string token, TimeSpan expiry)
    {
        _locks = locks;
        _key = key;
        _token = token;
        _renewal = RenewUntilDisposedAsync(expiry);
    }

    /// <summary>Cancelled when the lock is lost; never cancelled by disposal.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsHeld => !_lost.IsCancellationRequested;

    async Task RenewUntilDisposedAsync(TimeSpan expiry)
    {
        using var timer = new PeriodicTimer(expiry / 3);
        var failures = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (!await _locks.RenewAsync(_key, _token, expiry, _stop.Token))
                    {
                        await _lost.CancelAsync();
                        return;
                    }
                    failures = 0;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    _locks.RenewalFailed(_key, exception, ++failures);
                    if (failures >= FailedRenewalsBeforeLost)
                    {
                        await _lost.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        _lost.Dispose();
        try
        {
            await _locks.ReleaseAsync(_key, _token);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Unreleased, the lock expires on its own; the conversation's next turn waits for that.
            _locks.ReleaseFailed(_key, exception);
        }
    }
}
