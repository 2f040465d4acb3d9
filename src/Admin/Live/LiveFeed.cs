using Messaging.Contracts;
using Messaging.Streams.Bus;
using Messaging.Streams.Errors;
using Messaging.Streams.Reading;
using StackExchange.Redis;

namespace Admin.Live;

/// <summary>
/// Reads the conversation streams (messages in and out, delivery statuses, completed turns) and
/// the tenancy changes (a persona's safety verdict arrives there, asynchronously, from the Agent's
/// classifier) and hands each entry's workspace to <see cref="LiveHub"/>. Every Admin replica must see every
/// entry for the browsers connected to it, so this is a plain XREAD from the end of each stream
/// (fan-out, nothing to acknowledge), on connections of its own; only the envelope's workspace
/// field is read, never the payload.
/// </summary>
public sealed partial class LiveFeed(IConnectionMultiplexer redis, BlockingStreamReads reads, LiveHub hub, TimeProvider time, ILogger<LiveFeed> logger) : BackgroundService
{
    public static readonly IReadOnlyList<string> Streams = [StreamNames.Inbound, StreamNames.Outbound, StreamNames.Status, StreamNames.TurnCompleted, StreamNames.TenancyChanged];

    static readonly TimeSpan Block = TimeSpan.FromSeconds(5);
    static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Streams.Select(stream => FollowAsync(stream, stoppingToken)));

    async Task FollowAsync(string stream, CancellationToken stoppingToken)
    {
        await Task.Yield();
        await using var connection = await reads.OpenAsync("live-" + stream, Block);
        string? position = null;
        var whileRedisIsDown = RedisOutageRetry.Create(time, FirstRetryDelay, (exception, _) =>
        {
            LogUnavailable(logger, stream, exception.Message);
            position = null;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await whileRedisIsDown.ExecuteAsync(async cancellationToken =>
                {
                    // "$" would skip what is appended between two reads; the last id seen never does.
                    position ??= await LastIdAsync(stream);
                    foreach (var entry in await connection.ReadAsync(stream, position, 100, Block, cancellationToken))
                    {
                        position = entry.Id.ToString();
                        var workspace = entry[EnvelopeFields.Workspace];
                        if (!workspace.IsNullOrEmpty)
                        {
                            hub.Publish(new LiveChange(workspace.ToString(), stream, position));
                        }
                    }
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    async Task<string> LastIdAsync(string stream)
    {
        var database = redis.GetDatabase();
        return await database.KeyExistsAsync(stream) ? (await database.StreamInfoAsync(stream)).LastGeneratedId.ToString() : "0-0";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates cannot read {Stream}: {Reason}; retrying")]
    static partial void LogUnavailable(ILogger logger, string stream, string reason);
}
