using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.AppHost;

/// <summary>A start that cannot succeed ends, and says why.</summary>
public sealed class AppHostTests
{
    [Fact]
    public async Task A_service_that_never_gets_up_fails_the_start_with_its_name_instead_of_hanging()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync(builder =>
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "sandbox"))
                .WithEnvironment("Sandbox__StatusCallbacks__MaxAttempts", "0"), ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(ct));

        Assert.Contains("sandbox exited 3 times during start-up without becoming healthy", error.Message, StringComparison.Ordinal);
    }
}
