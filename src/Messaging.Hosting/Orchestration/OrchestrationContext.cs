using Messaging.Hosting.Output;

namespace Messaging.Hosting.Orchestration;

/// <summary>What resources need while they start: options, output, the other services' endpoints.</summary>
internal sealed class OrchestrationContext(DistributedApplicationOptions options, PrefixedOutput output, IReadOnlyList<ProjectResource> projects) : IDisposable
{
    /// <summary>Services stop themselves when this process is gone (see ServiceDefaults' ParentProcessWatch).</summary>
    public const string ParentPidVariable = "MESSAGING_PARENT_PID";

    /// <summary>Marks every process of one orchestrator run, so a test can find any it left behind.</summary>
    public const string InstanceVariable = "MESSAGING_APPHOST_ID";

    public DistributedApplicationOptions Options { get; } = options;

    public PrefixedOutput Output { get; } = output;

    public IReadOnlyList<ProjectResource> Projects { get; } = projects;

    /// <summary>Given by the caller in <see cref="InstanceVariable"/> (a test that runs the AppHost executable), or new.</summary>
    public string InstanceId { get; } = Environment.GetEnvironmentVariable(InstanceVariable) is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");

    public IReadOnlyDictionary<string, string?> MarkerEnvironment => new Dictionary<string, string?> { [InstanceVariable] = InstanceId };

    public HttpClient Http { get; } = new();

    /// <summary>The dotnet host that runs service assemblies: the one running us when we run under dotnet.</summary>
    public string DotnetHost { get; } = ResolveDotnetHost();

    static string ResolveDotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return "dotnet";
    }

    public void Dispose() => Http.Dispose();
}
