using System.Security.Cryptography;
using System.Text;
using Messaging.Streams.Connection;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Commands;

/// <summary>
/// A Lua script run with EVALSHA; when the server does not know it (restart, SCRIPT FLUSH)
/// it is loaded with SCRIPT LOAD and run again.
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
        // Redis names scripts by SHA-1; it is an identifier here, not a security measure.
#pragma warning disable CA5350
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    public string Source { get; }

    public string Sha1 { get; }

    public async Task<RespReply> EvaluateAsync(IRedisClient client, IReadOnlyList<string> keys, IReadOnlyList<RespArgument> arguments, CancellationToken cancellationToken = default)
    {
        var command = new RedisCommand("EVALSHA", [Sha1, keys.Count, .. keys.Select(RespArgument.FromString), .. arguments]);
        try
        {
            return await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisNoScriptException)
        {
            await LoadAsync(client, cancellationToken).ConfigureAwait(false);
            return await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task LoadAsync(IRedisClient client, CancellationToken cancellationToken = default)
    {
        var sha = (await client.ExecuteAsync(new RedisCommand("SCRIPT", "LOAD", Source), cancellationToken).ConfigureAwait(false)).AsString();
        if (!string.Equals(sha, Sha1, StringComparison.OrdinalIgnoreCase))
        {
            throw new RedisUnexpectedReplyException($"SCRIPT LOAD answered {sha}, expected {Sha1}.");
        }
    }
}
