using System.Collections.Concurrent;
using EndToEnd.Tests.Infrastructure;
using Messaging.AppHost;
using Messaging.Testing;
using Messaging.Testing.Servers;

namespace EndToEnd.Tests.AppHost;

/// <summary>
/// A running AppHost owns its data folder: a second start on the same folder says so and exits,
/// before it could stop the first one's Redis and PostgreSQL as "left behind".
/// </summary>
public sealed class DataDirectoryLockTests
{
    [Fact]
    public async Task A_second_apphost_on_a_data_folder_in_use_says_so_and_exits()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = TestDirectories.Create("apphost-lock");
        var log = new ConcurrentQueue<string>();

        int exitCode;
        using (DataDirectoryLock.Acquire(dataDirectory))
        {
            await using var second = ChildProcess.Start(
                new ProcessSpec(Dotnet, ["run", "--project", Projects.AppHost.ProjectPath, "--no-build", "-c", BuildConfiguration.Name, "--no-launch-profile", "--",
                    "--data-dir", dataDirectory, "--gateway-port", "0", "--demo", "false"])
                {
                    Environment = new Dictionary<string, string?> { [TestApp.MarkerVariable] = Guid.NewGuid().ToString("N") },
                },
                log.Enqueue);
            exitCode = await second.Exited.WaitAsync(TimeSpan.FromMinutes(2), ct);
        }

        Assert.Equal(2, exitCode);
        Assert.Contains(log, line => line.Contains($"Another Messaging AppHost is running on {dataDirectory}", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "redis")), "the second start touched the data folder's servers");
        // Once the first is gone, the folder is free again.
        using var free = DataDirectoryLock.Acquire(dataDirectory);
    }

    static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
