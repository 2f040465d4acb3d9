using System.Reflection;

namespace Messaging.AppHost.Launch;

/// <summary>
/// Aspire's orchestrator starts a project resource through <c>dotnet run --no-build</c>, which
/// evaluates the project with MSBuild at every start and restart (seconds of CPU) and stays beside
/// the service for its lifetime (about 150 MiB each). The services are built before the AppHost
/// runs, so each runs its built assembly on the dotnet host directly, as a deployment runs it; the
/// resource stays a project resource (references, service discovery, the dashboard's view of it).
/// </summary>
internal static class BuiltAssemblyLaunch
{
    const string MetadataPrefix = "ServiceAssembly:";

    /// <summary>Project file → its built assembly, as the AppHost's build recorded them.</summary>
    static readonly Dictionary<string, string> Assemblies = typeof(BuiltAssemblyLaunch).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && a.Value is not null)
        .ToDictionary(a => Path.GetFullPath(a.Key[MetadataPrefix.Length..]), a => a.Value!, StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="service"/> from its built assembly when the run executes and the build
    /// left one; otherwise Aspire's <c>dotnet run</c>, which says what is missing.
    /// </summary>
    public static IResourceBuilder<ProjectResource> RunsBuiltAssembly(this IResourceBuilder<ProjectResource> service)
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode
            || !Assemblies.TryGetValue(Path.GetFullPath(service.Resource.GetProjectMetadata().ProjectPath), out var assembly)
            || !File.Exists(assembly))
        {
            return service;
        }
        // The project's folder, as under dotnet run: the content root with its appsettings and wwwroot.
        var projectDirectory = Path.GetDirectoryName(service.Resource.GetProjectMetadata().ProjectPath)!;
        service.WithAnnotation(new ExecutableAnnotation { Command = DotnetHost, WorkingDirectory = projectDirectory });
        return service.WithArgs(assembly);
    }

    /// <summary>The dotnet host the SDK runs the AppHost with, or the one on the PATH.</summary>
    static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
