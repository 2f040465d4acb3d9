using Messaging.AppHost;
using Messaging.Hosting;
using Messaging.Testing;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>The whole product on free ports with throw-away data, as the AppHost runs it.</summary>
public static class TestApp
{
    public static async Task<DistributedApplication> StartAsync(TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var builder = MessagingApp.CreateBuilder(Options(output));
        // A turn abandoned by a killed Agent is picked up after a minute in production; tests wait less.
        builder.Project("agent")
            .WithEnvironment("Agent__StalledTurnAfter", "00:00:08")
            .WithEnvironment("Agent__StalledTurnSweepInterval", "00:00:02");
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>Every log line of the run goes to <c>apphost.log</c> in its data folder, for diagnosing a failure.</summary>
    public static DistributedApplicationOptions Options(TextWriter? output)
    {
        var directory = TestDirectories.Create("apphost");
        return new()
        {
            DataDirectory = directory,
            GatewayPort = 0,
            DurablePostgres = false,
            BuildConfiguration = ServiceProjects.BuildConfiguration,
            Output = output ?? TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, "apphost.log")) { AutoFlush = true }),
        };
    }
}
