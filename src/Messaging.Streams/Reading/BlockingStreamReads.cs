using StackExchange.Redis;

namespace Messaging.Streams.Reading;

/// <summary>
/// Opens <see cref="BlockingStreamReader"/>s with the shared multiplexer's configuration (same
/// endpoints, password, TLS), each on its own connection whose command timeout outlasts the
/// longest BLOCK it is used with, so a quiet stream is never mistaken for a dead server.
/// </summary>
public sealed class BlockingStreamReads(IConnectionMultiplexer shared)
{
    /// <summary>Margin between the longest BLOCK and the reader connection's timeout.</summary>
    static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(5);

    public async Task<BlockingStreamReader> OpenAsync(string purpose, TimeSpan longestBlock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var options = ConfigurationOptions.Parse(shared.Configuration);
        options.ClientName = $"{(string.IsNullOrEmpty(options.ClientName) ? shared.ClientName : options.ClientName)}:{purpose}";
        // A reader started while Redis is down connects when Redis is back, like the shared one.
        options.AbortOnConnectFail = false;
        var timeout = (int)Math.Ceiling((longestBlock + TimeoutMargin).TotalMilliseconds);
        options.SyncTimeout = Math.Max(options.SyncTimeout, timeout);
        options.AsyncTimeout = Math.Max(options.AsyncTimeout, timeout);
        // Readers never subscribe: no second (pub/sub) socket per reader.
        options.CommandMap = CommandMap.Create(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE" }, available: false);
        options.ConfigurationChannel = "";
        var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        return new BlockingStreamReader(connection, longestBlock);
    }
}
