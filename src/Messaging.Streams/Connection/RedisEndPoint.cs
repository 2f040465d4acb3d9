namespace Messaging.Streams.Connection;

/// <summary>A host name or address and a port.</summary>
public sealed record RedisEndPoint(string Host, int Port)
{
    public const int DefaultPort = 6379;

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
