using Messaging.AppHost;
using Messaging.Hosting;
using Messaging.Testing;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>The whole product on free ports with throw-away data, as the AppHost runs it.</summary>
public static class TestApp
{
    public static Task<DistributedApplication> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Options(), cancellationToken);

    /// <summary>Starts the product with its log kept in memory too, for tests that assert on what was logged.</summary>
    public static async Task<(DistributedApplication App, CapturedLog Log)> StartCapturingAsync(CancellationToken cancellationToken)
    {
        CapturedLog? log = null;
        var app = await StartAsync(Options(file => log = new CapturedLog(file)), cancellationToken);
        return (app, log!);
    }

    static async Task<DistributedApplication> StartAsync(DistributedApplicationOptions options, CancellationToken cancellationToken)
    {
        var builder = MessagingApp.CreateBuilder(options);
        // A turn abandoned by a killed Agent is picked up after a minute in production; tests wait less.
        builder.Project("agent")
            .WithEnvironment("Agent__StalledTurnAfter", "00:00:08")
            .WithEnvironment("Agent__StalledTurnSweepInterval", "00:00:02");
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>Every log line of the run goes to <c>apphost.log</c> in its data folder, for diagnosing a failure.</summary>
    public static DistributedApplicationOptions Options(Func<TextWriter, TextWriter>? wrapLog = null)
    {
        var directory = TestDirectories.Create("apphost");
        return new()
        {
            DataDirectory = directory,
            GatewayPort = 0,
            DurablePostgres = false,
            BuildConfiguration = ServiceProjects.BuildConfiguration,
            Output = (wrapLog ?? (file => file))(TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, "apphost.log")) { AutoFlush = true })),
        };
    }
}
