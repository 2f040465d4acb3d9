using Messaging.AppHost;
using Messaging.Hosting;
using Messaging.Testing;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>The whole product on free ports with throw-away data, as the AppHost runs it.</summary>
public static class TestApp
{
    public static async Task<DistributedApplication> StartAsync(TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var app = MessagingApp.CreateBuilder(Options(output)).Build();
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static DistributedApplicationOptions Options(TextWriter? output) => new()
    {
        DataDirectory = TestDirectories.Create("apphost"),
        GatewayPort = 0,
        DurablePostgres = false,
        BuildConfiguration = ServiceProjects.BuildConfiguration,
        Output = output ?? TextWriter.Null,
    };
}
