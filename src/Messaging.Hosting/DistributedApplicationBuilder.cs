using Messaging.Hosting.Orchestration;
using Messaging.Hosting.Servers;

namespace Messaging.Hosting;

/// <summary>
/// Describes what to run, in the manner of Aspire's AppHost builder: servers, service
/// projects, and who waits for whom. <see cref="Build"/> gives the application to start.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    readonly List<Resource> _resources = [];

    DistributedApplicationBuilder(DistributedApplicationOptions options) => Options = options;

    public DistributedApplicationOptions Options { get; }

    public static DistributedApplicationBuilder Create(DistributedApplicationOptions options) => new(options);

    public RedisResource AddRedis(string name) => Add(new RedisResource(name, Options.RedisConnectionString));

    public PostgresResource AddPostgres(string name, string database) => Add(new PostgresResource(name, database, Options.PostgresConnectionString));

    /// <summary>A service project; <paramref name="port"/> 0 gives it a free loopback port for the whole run.</summary>
    public ProjectResource AddProject(string name, string projectPath, int port = 0) =>
        Add(new ProjectResource(name, projectPath, port == 0 ? FreePort.Next() : port));

    /// <summary>A project added earlier, to adjust it (tests shorten timeouts this way).</summary>
    public ProjectResource Project(string name) =>
        _resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No project named '{name}'.");

    public DistributedApplication Build() => new(Options, _resources);

    T Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        _resources.Add(resource);
        return resource;
    }
}
