using Messaging.Testing;

[assembly: AssemblyFixture(typeof(Deploy.Tests.Infrastructure.GeneratedSecrets))]

namespace Deploy.Tests.Infrastructure;

/// <summary>deploy/compose/generate-secrets.sh run once, as a deployer runs it, into a folder of the test's own.</summary>
public sealed class GeneratedSecrets : IAsyncLifetime
{
    public const string Script = "deploy/compose/generate-secrets.sh";

    public string Directory { get; private set; } = "";

    public IReadOnlySet<string> Files => System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)!;

    public string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public async ValueTask InitializeAsync()
    {
        var parent = TestDirectories.Create("deploy-secrets");
        Directory = Path.Combine(parent, "secrets");
        var run = await Scripts.RunAsync("bash", [Repository.PathOf(Script), Directory]);
        Assert.True(run.ExitCode == 0, $"{Script} failed: {run.Error}");
    }

    public ValueTask DisposeAsync()
    {
        TestDirectories.TryDelete(Path.GetDirectoryName(Directory)!);
        return ValueTask.CompletedTask;
    }
}
