namespace Messaging.Streams.Resp;

/// <summary>A command and its arguments, as sent to Redis.</summary>
public sealed class RedisCommand
{
    public RedisCommand(string name, params IReadOnlyList<RespArgument> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }

    public IReadOnlyList<RespArgument> Arguments { get; }

    /// <summary>
    /// How long the server may hold the reply back (XREADGROUP ... BLOCK); added to the
    /// command timeout. Blocking commands belong on a dedicated connection.
    /// </summary>
    public TimeSpan BlockFor { get; init; }

    /// <summary>The command name only: arguments may hold secrets (AUTH) or large payloads.</summary>
    public override string ToString() => Name;
}
