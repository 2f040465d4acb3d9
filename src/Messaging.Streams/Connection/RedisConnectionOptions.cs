using System.Globalization;
using System.Net.Security;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Connection;

/// <summary>
/// Where and how to connect, read from a connection string in the usual
/// <c>host:port,password=...,user=...,ssl=true,connectTimeout=5000,syncTimeout=5000,protocol=3,database=0</c> style.
/// </summary>
public sealed record RedisConnectionOptions
{
    // Options of other clients' connection strings that have no meaning here; accepted so a shared string works.
    static readonly HashSet<string> IgnoredKeys = new(StringComparer.OrdinalIgnoreCase) { "abortConnect", "allowAdmin", "connectRetry", "keepAlive", "resolveDns" };

    /// <summary>Tried in order at every (re)connection.</summary>
    public IReadOnlyList<RedisEndPoint> EndPoints { get; init; } = [];

    public string? User { get; init; }

    public string? Password { get; init; }

    public bool Ssl { get; init; }

    /// <summary>The name the server certificate must carry; the host when absent.</summary>
    public string? SslHost { get; init; }

    /// <summary>For private certificate authorities; default validation when null.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may wait for its reply, queueing while reconnecting included.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public RespProtocol Protocol { get; init; } = RespProtocol.Resp3;

    public int Database { get; init; }

    /// <summary>CLIENT SETNAME, shown by CLIENT LIST.</summary>
    public string? ClientName { get; init; }

    /// <summary>First wait before reconnecting; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    public static RedisConnectionOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new RedisConnectionOptions();
        var endPoints = new List<RedisEndPoint>();
        foreach (var raw in connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                endPoints.Add(ParseEndPoint(raw));
                continue;
            }
            var key = raw[..equals].Trim();
            var value = raw[(equals + 1)..].Trim();
            options = key.ToLowerInvariant() switch
            {
                "password" => options with { Password = value },
                "user" or "username" => options with { User = value },
                "ssl" => options with { Ssl = ParseBool(key, value) },
                "sslhost" => options with { SslHost = value },
                "connecttimeout" => options with { ConnectTimeout = ParseMilliseconds(key, value) },
                "synctimeout" or "asynctimeout" => options with { CommandTimeout = ParseMilliseconds(key, value) },
                "protocol" => options with { Protocol = ParseProtocol(value) },
                "database" or "defaultdatabase" => options with { Database = ParseInt(key, value, 0, 15_999) },
                "name" or "clientname" => options with { ClientName = value },
                _ when IgnoredKeys.Contains(key) => options,
                _ => throw new FormatException($"Unknown Redis connection string option '{key}'."),
            };
        }
        if (endPoints.Count == 0)
        {
            throw new FormatException("The Redis connection string names no host (expected host:port).");
        }
        return options with { EndPoints = endPoints };
    }

    static RedisEndPoint ParseEndPoint(string text)
    {
        string host;
        string? port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Invalid Redis endpoint '{text}'.");
            }
            host = text[1..close];
            port = close + 1 < text.Length && text[close + 1] == ':' ? text[(close + 2)..] : null;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0)
        {
            throw new FormatException($"Invalid Redis endpoint '{text}'.");
        }
        return new RedisEndPoint(host, port is null ? RedisEndPoint.DefaultPort : ParseInt("port", port, 1, 65535));
    }

    static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var result) ? result : throw new FormatException($"Redis connection string option '{key}' must be true or false, not '{value}'.");

    static int ParseInt(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max
            ? result
            : throw new FormatException($"Redis connection string option '{key}' must be an integer from {min} to {max}, not '{value}'.");

    static TimeSpan ParseMilliseconds(string key, string value) => TimeSpan.FromMilliseconds(ParseInt(key, value, 1, int.MaxValue));

    static RespProtocol ParseProtocol(string value) => value.ToLowerInvariant() switch
    {
        "2" or "resp2" => RespProtocol.Resp2,
        "3" or "resp3" => RespProtocol.Resp3,
        _ => throw new FormatException($"Redis connection string option 'protocol' must be 2 or 3, not '{value}'."),
    };
}
