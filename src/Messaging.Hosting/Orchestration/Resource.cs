namespace Messaging.Hosting.Orchestration;

/// <summary>Something the orchestrator runs: a server or a service process, and what it waits for.</summary>
public abstract class Resource(string name)
{
    readonly List<Resource> _waitFor = [];

    public string Name { get; } = name;

    public ResourceState State { get; internal set; } = ResourceState.NotStarted;

    /// <summary>The process currently running it, if any.</summary>
    public abstract int? Pid { get; }

    /// <summary>Where to reach it: an HTTP URL, or host:port for a server.</summary>
    public abstract string? Endpoint { get; }

    public IReadOnlyList<Resource> Dependencies => _waitFor;

    internal void AddDependency(Resource resource)
    {
        if (!_waitFor.Contains(resource))
        {
            _waitFor.Add(resource);
        }
    }

    internal abstract Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken);

    /// <summary>Stops it (a service is not restarted after this).</summary>
    public abstract Task StopAsync();
}
