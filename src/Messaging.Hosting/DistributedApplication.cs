using System.Text;
using Messaging.Hosting.Orchestration;
using Messaging.Hosting.Output;

namespace Messaging.Hosting;

/// <summary>
/// Runs the resources: each starts once everything it waits for is healthy, independent ones
/// in parallel; stopping goes in reverse order. Tests use it the way Aspire's
/// DistributedApplicationTestingBuilder is used: start, get clients, kill, stop.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    readonly List<Resource> _resources;
    readonly OrchestrationContext _context;
    readonly List<Resource> _started = [];
    bool _stopped;

    internal DistributedApplication(DistributedApplicationOptions options, IEnumerable<Resource> resources)
    {
        _resources = [.. resources];
        var output = new PrefixedOutput(options.Output ?? Console.Out, options.Colors);
        _context = new OrchestrationContext(options, output, [.. _resources.OfType<ProjectResource>()]);
    }

    public IReadOnlyList<Resource> Resources => _resources;

    public PrefixedOutput Output => _context.Output;

    /// <summary>Every process of this run carries it in <c>MESSAGING_APPHOST_ID</c>.</summary>
    public string InstanceId => _context.InstanceId;

    public Resource this[string name] => _resources.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");

    public ProjectResource Project(string name) => (ProjectResource)this[name];

    public T Get<T>(string name) where T : Resource => (T)this[name];

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var started = _resources.ToDictionary(r => r, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var starts = _resources.Select(async resource =>
        {
            try
            {
                await Task.WhenAll(resource.Dependencies.Select(d => started[d].Task)).ConfigureAwait(false);
                resource.State = ResourceState.Starting;
                await resource.StartAsync(_context, cancellationToken).ConfigureAwait(false);
                if (resource is not ProjectResource)
                {
                    resource.State = ResourceState.Running;
                    _context.Output.System($"{resource.Name} is ready at {resource.Endpoint}");
                }
                lock (_started)
                {
                    _started.Add(resource);
                }
                started[resource].TrySetResult();
            }
            catch (Exception e)
            {
                resource.State = ResourceState.Failed;
                started[resource].TrySetException(e);
                throw;
            }
        }).ToList();

        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            var failure = starts.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
            {
                throw failure;
            }
            throw;
        }
    }

    /// <summary>Stops services first, servers last, each in reverse start order.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        List<Resource> started;
        lock (_started)
        {
            started = [.. _started];
        }
        // Services still starting (supervised but not yet recorded as started) stop too.
        var pending = _resources.OfType<ProjectResource>().Where(p => !started.Contains(p));
        await Task.WhenAll(pending.Select(p => p.StopAsync())).ConfigureAwait(false);

        var projects = started.OfType<ProjectResource>().Reverse().ToList();
        await Task.WhenAll(projects.Select(p => p.StopAsync())).ConfigureAwait(false);
        foreach (var server in started.Where(r => r is not ProjectResource).Reverse())
        {
            await server.StopAsync().ConfigureAwait(false);
            server.State = ResourceState.Stopped;
        }
        _context.Output.System("stopped");
    }

    public Uri GetEndpoint(string name) => Project(name).Url;

    public string GetConnectionString(string name) => Get<ConnectionStringResource>(name).ConnectionString;

    /// <summary>A client whose base address is the service's endpoint.</summary>
    public HttpClient CreateHttpClient(string name) => new() { BaseAddress = GetEndpoint(name) };

    /// <summary>Name, state, endpoint and PID of every resource.</summary>
    public string StatusTable()
    {
        var rows = _resources.Select(r => (r.Name, State: r.State.ToString(), Endpoint: r.Endpoint ?? "", Pid: r.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList();
        var widths = new[]
        {
            Math.Max(7, rows.Max(r => r.Name.Length)),
            Math.Max(5, rows.Max(r => r.State.Length)),
            Math.Max(8, rows.Max(r => r.Endpoint.Length)),
            Math.Max(3, rows.Max(r => r.Pid.Length)),
        };
        var text = new StringBuilder();
        void Row(string a, string b, string c, string d) =>
            text.Append(a.PadRight(widths[0])).Append("  ").Append(b.PadRight(widths[1])).Append("  ")
                .Append(c.PadRight(widths[2])).Append("  ").Append(d).AppendLine();
        Row("SERVICE", "STATE", "ENDPOINT", "PID");
        foreach (var row in rows)
        {
            Row(row.Name, row.State, row.Endpoint, row.Pid);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _context.Dispose();
    }
}
