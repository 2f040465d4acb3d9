using System.Reflection;

namespace Messaging.AppHost;

/// <summary>Where each service project lives, recorded at build time by AppHost.csproj.</summary>
public static class ServiceProjects
{
    static readonly Dictionary<string, string> Metadata = typeof(ServiceProjects).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Value is not null)
        .ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);

    public static string PathOf(string service) =>
        Metadata.TryGetValue("ServiceProject:" + service, out var path)
            ? path
            : throw new KeyNotFoundException($"AppHost.csproj declares no ServiceProject named '{service}'.");

    public static string RepositoryRoot => Metadata["RepositoryRoot"];

    /// <summary>Debug or Release: the services were built along with the AppHost, in its configuration.</summary>
    public static string BuildConfiguration =>
        typeof(ServiceProjects).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
