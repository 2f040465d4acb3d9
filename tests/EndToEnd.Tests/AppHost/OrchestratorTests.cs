using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost;
using Messaging.Hosting;
using Messaging.Hosting.Orchestration;

namespace EndToEnd.Tests.AppHost;

public sealed class OrchestratorTests
{
    [Fact]
    public async Task A_service_that_never_gets_up_fails_the_start_with_its_name_instead_of_hanging()
    {
        var builder = DistributedApplicationBuilder.Create(TestApp.Options());
        var sandbox = builder.AddProject("sandbox", ServiceProjects.PathOf("sandbox"))
            .WithEnvironment("Sandbox__StatusCallbacks__MaxAttempts", "0");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("sandbox exited 3 times during start-up", error.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.Failed, sandbox.State);
        Assert.Null(sandbox.Pid);
    }
}
