using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.ServiceDefaults.Tests.Telemetry;

/// <summary>Per-request proxy and HttpClient lines are off by default, and a log-level setting turns them on.</summary>
public sealed class ConsoleLogDefaultsTests
{
    static readonly string[] RequestCategories =
    [
        "Yarp.ReverseProxy.Forwarder.HttpForwarder",
        "System.Net.Http.HttpClient.billing.LogicalHandler",
        "System.Net.Http.HttpClient.Default.ClientHandler",
        "Polly",
    ];

    static ILoggerFactory Loggers(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        return builder.Build().Services.GetRequiredService<ILoggerFactory>();
    }

    [Fact]
    public void Per_request_lines_are_off_by_default_but_warnings_and_the_services_own_lines_stay()
    {
        var loggers = Loggers();

        Assert.All(RequestCategories, category => Assert.False(loggers.CreateLogger(category).IsEnabled(LogLevel.Information), category));
        Assert.All(RequestCategories, category => Assert.True(loggers.CreateLogger(category).IsEnabled(LogLevel.Warning), category));
        Assert.True(loggers.CreateLogger("Ingest.Webhooks.WebhookLog").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void A_log_level_setting_turns_them_on()
    {
        var loggers = Loggers("--Logging:LogLevel:Yarp=Information", "--Logging:LogLevel:System.Net.Http.HttpClient=Information");

        Assert.True(loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("System.Net.Http.HttpClient.billing.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information));
    }
}
