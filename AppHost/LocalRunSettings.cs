using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Messaging.AppHost;

/// <summary>
/// What a local run can be told, on the command line (<c>dotnet run --project AppHost -- --gateway-port 9090</c>)
/// or in the environment. Invalid values stop the start with a message naming the setting.
/// </summary>
internal sealed record LocalRunSettings(string DataDirectory, int? GatewayPort, bool Demo, bool Containers, bool DurablePostgres)
{
    public const string Usage = """
        usage: dotnet run --project AppHost [-- options]
          --gateway-port N        public port of the gateway on 127.0.0.1 (default 8080, 0 = any free port; env GATEWAY_PORT)
          --data-dir PATH         where Redis, PostgreSQL and generated secrets live (default .data/ at the repository root; env MESSAGING_DATA_DIR)
          --demo false            no demo workspace (default true; env MESSAGING_DEMO)
          --containers true       run Redis and PostgreSQL as Aspire's containers when a container engine is healthy (default false)
        environment:
          ConnectionStrings__redis       use this Redis instead of starting redis-server
          ConnectionStrings__messaging   use this PostgreSQL database instead of starting a cluster
        """;

    public static LocalRunSettings Read(IConfiguration configuration, string appHostDirectory)
    {
        string? Setting(string flag, string variable) => configuration[flag] is { Length: > 0 } value ? value : configuration[variable];

        var dataDirectory = Path.GetFullPath(Setting("data-dir", "MESSAGING_DATA_DIR") ?? Path.Combine(appHostDirectory, "..", ".data"));
        return new LocalRunSettings(
            dataDirectory,
            Port(Setting("gateway-port", "GATEWAY_PORT")),
            Flag("demo", Setting("demo", "MESSAGING_DEMO"), true),
            Flag("containers", configuration["containers"], false),
            Flag("durable-postgres", configuration["durable-postgres"], true));
    }

    static int? Port(string? text)
    {
        if (text is null)
        {
            return 8080;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new InvalidSettingException($"--gateway-port must be a number from 0 to 65535, not '{text}'.");
        }
        return port == 0 ? null : port;
    }

    static bool Flag(string name, string? text, bool fallback) => text switch
    {
        null => fallback,
        _ when bool.TryParse(text, out var value) => value,
        _ => throw new InvalidSettingException($"--{name} must be true or false, not '{text}'."),
    };
}

internal sealed class InvalidSettingException(string message) : Exception(message);
