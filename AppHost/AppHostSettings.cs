using System.Globalization;
using Messaging.Hosting;

namespace Messaging.AppHost;

/// <summary>Command-line flags and environment variables of <c>dotnet run --project AppHost</c>.</summary>
public sealed record AppHostSettings(DistributedApplicationOptions Options, string? Error)
{
    public const string Usage = """
        usage: dotnet run --project AppHost [-- options]
          --gateway-port N     public port of the gateway (default 8080; env GATEWAY_PORT)
          --data-dir PATH      where Redis and PostgreSQL keep data (default .data/ at the repository root; env MESSAGING_DATA_DIR)
        environment:
          ConnectionStrings__redis       use this Redis instead of starting redis-server
          ConnectionStrings__messaging   use this PostgreSQL database instead of starting a cluster
          OTEL_EXPORTER_OTLP_ENDPOINT    export traces, metrics and logs of every service over OTLP
        """;

    public static AppHostSettings Parse(string[] args, Func<string, string?> environment)
    {
        var port = environment("GATEWAY_PORT");
        var dataDirectory = environment("MESSAGING_DATA_DIR");
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--gateway-port":
                    port = Next();
                    break;
                case "--data-dir":
                    dataDirectory = Next();
                    break;
                case "-h" or "--help":
                    return new AppHostSettings(Defaults(null), "");
                default:
                    return new AppHostSettings(Defaults(null), $"Unknown option '{args[i]}'.");
            }
        }

        var gatewayPort = 8080;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out gatewayPort) || gatewayPort is < 1 or > 65535))
        {
            return new AppHostSettings(Defaults(null), $"The gateway port must be a number from 1 to 65535, not '{port}'.");
        }
        return new AppHostSettings(Defaults(dataDirectory) with
        {
            GatewayPort = gatewayPort,
            RedisConnectionString = NullIfEmpty(environment("ConnectionStrings__redis")),
            PostgresConnectionString = NullIfEmpty(environment("ConnectionStrings__messaging")),
        }, null);
    }

    static DistributedApplicationOptions Defaults(string? dataDirectory) => new()
    {
        DataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(ServiceProjects.RepositoryRoot, ".data")),
        BuildConfiguration = ServiceProjects.BuildConfiguration,
        Colors = !Console.IsOutputRedirected,
    };

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
