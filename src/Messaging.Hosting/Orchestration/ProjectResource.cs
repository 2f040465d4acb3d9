using System.Globalization;
using Messaging.Hosting.Processes;

namespace Messaging.Hosting.Orchestration;

/// <summary>
/// A .NET service run from its build output as its own process, with Aspire's conventions in
/// its environment, kept alive by the orchestrator: a crash is followed by a restart after a
/// growing delay, reset once the service has stayed up for a while.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The stop signal is disposed by StopAsync, which the application always calls.")]
public sealed class ProjectResource : Resource
{
    readonly string _projectPath;
    readonly Dictionary<string, Func<string?>> _environment = new(StringComparer.Ordinal);
    readonly List<ConnectionStringResource> _connections = [];
    ChildProcess? _process;
    Task? _supervision;
    CancellationTokenSource? _stopping;

    internal ProjectResource(string name, string projectPath, int port) : base(name)
    {
        _projectPath = projectPath;
        Port = port;
    }

    public int Port { get; }

    const int MaxCrashesBeforeReady = 3;

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public override string? Endpoint => Url.ToString();

    public override int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    /// <summary>How many times the orchestrator restarted the service after it exited unexpectedly.</summary>
    public int Restarts { get; private set; }

    /// <summary>Gives the service <c>ConnectionStrings__{name}</c> and waits for the resource.</summary>
    public ProjectResource WithReference(ConnectionStringResource resource)
    {
        _connections.Add(resource);
        AddDependency(resource);
        return this;
    }

    /// <summary>Starts only after <paramref name="resource"/> reports healthy.</summary>
    public ProjectResource WaitFor(Resource resource)
    {
        AddDependency(resource);
        return this;
    }

    public ProjectResource WithEnvironment(string key, string? value) => WithEnvironment(key, () => value);

    public ProjectResource WithEnvironment(string key, Func<string?> value)
    {
        _environment[key] = value;
        return this;
    }

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        var firstStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _supervision = SuperviseAsync(context, firstStart, _stopping.Token);
        await firstStart.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task SuperviseAsync(OrchestrationContext context, TaskCompletionSource firstStart, CancellationToken stopping)
    {
        var output = context.Output.For(Name);
        var backoff = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            State = Restarts == 0 ? ResourceState.Starting : ResourceState.Restarting;
            var startedAt = DateTime.UtcNow;
            try
            {
                _process = ChildProcess.Start(BuildSpec(context), output.WriteLine);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                State = ResourceState.Failed;
                firstStart.TrySetException(e);
                return;
            }

            var ready = await WaitForHealthAsync(context, _process, stopping).ConfigureAwait(false);
            if (ready)
            {
                State = ResourceState.Running;
                context.Output.System($"{Name} is ready at {Url} (pid {_process.Pid})");
                firstStart.TrySetResult();
            }

            var exitCode = await _process.Exited.WaitAsync(stopping).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : (int?)null, TaskScheduler.Default).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            State = ResourceState.Crashed;
            Restarts++;
            if (!firstStart.Task.IsCompleted && Restarts >= MaxCrashesBeforeReady)
            {
                // A service that never gets up (bad configuration, missing dependency) fails the
                // start with a reason instead of leaving the caller waiting forever.
                State = ResourceState.Failed;
                firstStart.TrySetException(new InvalidOperationException(
                    $"{Name} exited {Restarts} times during start-up (last exit code {exitCode}) without becoming healthy; see its log lines above."));
                return;
            }
            backoff = DateTime.UtcNow - startedAt > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(1) : backoff;
            context.Output.System($"{Name} exited (code {exitCode}); restarting in {backoff.TotalSeconds:0} s");
            try
            {
                await Task.Delay(backoff, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    async Task<bool> WaitForHealthAsync(OrchestrationContext context, ChildProcess process, CancellationToken stopping)
    {
        var deadline = DateTime.UtcNow + context.Options.HealthTimeout;
        var health = new Uri(Url, "/health");
        while (!stopping.IsCancellationRequested && !process.HasExited)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await context.Http.GetAsync(health, attempt.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                context.Output.System($"{Name} did not report healthy within {context.Options.HealthTimeout.TotalSeconds:0} s; stopping it to retry");
                await process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return false;
            }
            try
            {
                await Task.Delay(250, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    ProcessSpec BuildSpec(OrchestrationContext context)
    {
        var projectDirectory = Path.GetDirectoryName(_projectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(_projectPath);
        var dll = Path.Combine(projectDirectory, "bin", context.Options.BuildConfiguration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{Name}: {dll} does not exist. Build the solution first (dotnet build Messaging.sln).");
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
            [OrchestrationContext.ParentPidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            [OrchestrationContext.InstanceVariable] = context.InstanceId,
        };
        foreach (var service in context.Projects)
        {
            environment[$"services__{service.Name}__http__0"] = service.Url.ToString().TrimEnd('/');
        }
        foreach (var connection in _connections)
        {
            environment[$"ConnectionStrings__{connection.Name}"] = connection.ConnectionString;
        }
        foreach (var (key, value) in _environment)
        {
            environment[key] = value();
        }
        return new ProcessSpec(context.DotnetHost, ["exec", dll]) { Environment = environment, WorkingDirectory = projectDirectory };
    }

    /// <summary>Ends the process with SIGKILL, as a crash would; the supervisor restarts it.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public override async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }
        var failed = State == ResourceState.Failed;
        State = ResourceState.Stopping;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_process is not null)
        {
            await _process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        if (_supervision is not null)
        {
            await _supervision.ConfigureAwait(false);
        }
        _stopping.Dispose();
        _stopping = null;
        State = failed ? ResourceState.Failed : ResourceState.Stopped;
    }
}
