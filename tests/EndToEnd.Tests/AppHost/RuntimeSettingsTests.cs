using System.Text.Json.Nodes;
using Messaging.AppHost;

namespace EndToEnd.Tests.AppHost;

/// <summary>
/// The services share the host's cores (Directory.Build.targets): the orchestrator runs each from
/// its build output, so the runtime settings it starts them with are those of the built runtimeconfig.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("gateway")]
    [InlineData("ingest")]
    [InlineData("agent")]
    [InlineData("billing")]
    [InlineData("admin")]
    [InlineData("sandbox")]
    public void Every_service_runs_with_workstation_gc_and_no_thread_pool_spinning(string service)
    {
        var project = ServiceProjects.PathOf(service);
        var runtimeConfig = Path.Combine(Path.GetDirectoryName(project)!, "bin", ServiceProjects.BuildConfiguration, "net10.0",
            Path.GetFileNameWithoutExtension(project) + ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
    }
}
