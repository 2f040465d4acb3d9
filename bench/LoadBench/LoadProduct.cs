using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Messaging.Contracts;

namespace LoadBench;

/// <summary>What the benches that load the whole product change in it, and the streams they audit afterwards.</summary>
public static class LoadProduct
{
    /// <summary>Every stream of the pipeline.</summary>
    public static readonly string[] Streams =
    [
        StreamNames.Inbound, StreamNames.Status, StreamNames.Outbound, StreamNames.TurnCompleted,
        StreamNames.TenancyChanged, StreamNames.BillingEvents, StreamNames.ChannelAlerts,
    ];

    public static IResourceBuilder<ProjectResource> Project(IDistributedApplicationBuilder builder, string name) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == name));

    /// <summary>
    /// One source sends the whole load (the gateway's per-source limit lifted), the Sandbox's call
    /// log keeps every send until it is read, and <paramref name="quieted"/> log only from <paramref name="logLevel"/>.
    /// </summary>
    public static void Prepare(IDistributedApplicationBuilder builder, string logLevel, IEnumerable<string> quieted)
    {
        Project(builder, "gateway").WithEnvironment("Gateway__RateLimit__PermitsPerSecond", "1000000").WithEnvironment("Gateway__RateLimit__Burst", "1000000");
        Project(builder, "sandbox").WithEnvironment("Sandbox__MaxRecordedCalls", "1000000");
        foreach (var name in quieted)
        {
            Project(builder, name).WithEnvironment("Logging__LogLevel__Default", logLevel);
        }
    }
}
