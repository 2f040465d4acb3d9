using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost;
using Messaging.AppHost.Demo;
using Messaging.AppHost.Summary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndToEnd.Tests.AppHost;

/// <summary>What a user reads while a start takes long: which services it still waits for, and how they are.</summary>
public sealed class StartupSummaryTests
{
    [Fact]
    public async Task A_start_that_takes_long_says_which_services_and_whether_the_demo_seed_it_still_waits_for_and_how_each_is()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = new ProjectResource("gateway");
        var agent = new ProjectResource("agent");
        var demo = new DemoSeedResource(DemoExtensions.ResourceName);
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var notifications = new ResourceNotificationService(
            NullLogger<ResourceNotificationService>.Instance,
            new NeverStopping(),
            services,
            new ResourceLoggerService());
        await notifications.PublishUpdateAsync(gateway, s => s with { State = KnownResourceStates.Starting });
        await notifications.PublishUpdateAsync(agent, s => (s with { State = KnownResourceStates.Running }).WithHealthReports([Report(HealthStatus.Unhealthy)]));
        await notifications.PublishUpdateAsync(demo, s => s with { State = KnownResourceStates.Running });
        var output = new StringWriter();
        var summary = new StartupSummary(notifications, new DistributedApplicationModel([gateway, agent, demo]), new ConfigurationBuilder().Build(),
            new LocalRunSettings("/tmp", 8080, Demo: true, Containers: false, DurablePostgres: false), TextWriter.Synchronized(output), progressInterval: TimeSpan.FromMilliseconds(50));

        await summary.StartAsync(ct);
        await Eventually.ReturnsAsync(() => Task.FromResult(output.ToString()), text => text.Contains("Still starting", StringComparison.Ordinal), "a progress line", TimeSpan.FromSeconds(10));
        var progress = output.ToString();
        Assert.Contains("agent (Running, Unhealthy)", progress, StringComparison.Ordinal);
        Assert.Contains("gateway (Starting, ", progress, StringComparison.Ordinal);
        Assert.Contains("demo (Running, ", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("Messaging is running", progress, StringComparison.Ordinal);
        await summary.StopAsync(ct);
    }

    static HealthReportSnapshot Report(HealthStatus status) => new("check", status, Description: null, ExceptionText: null);

    sealed class NeverStopping : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
