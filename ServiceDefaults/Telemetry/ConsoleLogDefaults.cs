using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Messaging.ServiceDefaults.Telemetry;

/// <summary>
/// The log levels a console starts from, beneath every other setting: the per-request lines of
/// the proxy (YARP) and of every HttpClient (its logical and client handlers, and Polly's
/// resilience pipeline) are off unless they are warnings, because in a short session they were
/// most of what an operator saw. Any setting turns them back on, e.g.
/// <c>Logging__LogLevel__System.Net.Http.HttpClient=Information</c> or <c>Logging:LogLevel:Yarp</c>.
/// </summary>
public static class ConsoleLogDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Levels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Yarp"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static IHostApplicationBuilder AddConsoleLogDefaults(this IHostApplicationBuilder builder)
    {
        // First source: appsettings, the environment and the command line all override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return builder;
    }
}
