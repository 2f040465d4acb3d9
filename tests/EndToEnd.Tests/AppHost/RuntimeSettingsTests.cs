using EndToEnd.Tests.Infrastructure;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests.AppHost;

/// <summary>
/// The services share the host's cores (Directory.Build.targets): the orchestrator runs each from
/// its build output, so the runtime settings it starts them with are those of the built runtimeconfig.
/// </summary>
public sealed class RuntimeSettingsTests
{
    public static TheoryData<string> Services() =>
    [
        new Projects.Gateway().ProjectPath,
        new Projects.Ingest().ProjectPath,
        new Projects.Agent().ProjectPath,
        new Projects.Billing().ProjectPath,
        new Projects.Admin().ProjectPath,
        new Projects.Sandbox().ProjectPath,
    ];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_runs_with_workstation_gc_and_no_thread_pool_spinning(string project)
    {
        var output = Path.Combine(Path.GetDirectoryName(project)!, "bin", BuildConfiguration.Name, "net10.0");
        var runtimeConfig = Path.Combine(output, Path.GetFileNameWithoutExtension(project) + ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
    }

}
