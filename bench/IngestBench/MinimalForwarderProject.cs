using Aspire.Hosting;

namespace IngestBench;

/// <summary>
/// bench/MinimalForwarder as an Aspire project, like the AppHost's generated <c>Projects.*</c>
/// types. It is built with this bench (a ProjectReference), so the orchestrator must not build
/// it again: a path-only AddProject would start it through a plain <c>dotnet run</c>, building
/// while the benchmark measures.
/// </summary>
public sealed class MinimalForwarderProject : IProjectMetadata
{
    public string ProjectPath => Path.Combine(RepositoryRoot.Path, "bench", "MinimalForwarder", "MinimalForwarder.csproj");

    public bool SuppressBuild => true;
}
