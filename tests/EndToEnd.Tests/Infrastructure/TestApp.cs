using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Messaging.AppHost;
using Messaging.AppHost.Supervision;
using Messaging.Testing;
using Messaging.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real AppHost started with Aspire.Hosting.Testing: dashboard off, free ports, throw-away
/// data in a folder of its own, every resource's console log in <c>apphost.log</c> there.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    /// <summary>Every process of a run carries it, so a test can tell whether any was left behind.</summary>
    public const string MarkerVariable = "MESSAGING_TEST_RUN";

    readonly DistributedApplication _app;
    readonly Dictionary<string, string> _connectionStrings = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stopLogs = new();
    readonly List<Task> _logPumps = [];
    bool _disposed;

    TestApp(DistributedApplication app, string dataDirectory, string instanceId, CapturedLog log)
    {
        _app = app;
        DataDirectory = dataDirectory;
        InstanceId = instanceId;
        Log = log;
    }

    public string InstanceId { get; }

    public string DataDirectory { get; }

    public CapturedLog Log { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the product as <c>dotnet run --project AppHost</c> does; <paramref name="configure"/> may change resources first.</summary>
    public static Task<TestApp> CreateAsync(Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken ct, params string[] args) =>
        CreateAsync(TestDirectories.Create("apphost"), configure, args, ct);

    static async Task<TestApp> CreateAsync(string directory, Action<IDistributedApplicationTestingBuilder>? configure, string[] args, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--data-dir", directory, "--gateway-port", "0", "--durable-postgres", "false", .. args],
            (options, _) => options.DisableDashboard = true,
            ct);
        var instance = Guid.NewGuid().ToString("N");
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().ToList())
        {
            builder.CreateResourceBuilder(resource).WithEnvironment(MarkerVariable, instance);
        }
        // A turn abandoned by a killed Agent is picked up after a minute in production; tests wait less.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "agent"))
            .WithEnvironment("Agent__StalledTurnAfter", "00:00:08")
            .WithEnvironment("Agent__StalledTurnSweepInterval", "00:00:02");
        // Scripted AI servers run on loopback; the deployment running the tests allows them, as an operator would.
        // A production-mode run is judged as a deployment leaves it: without that allowance.
        var production = args.SkipWhile(a => a != "--demo").Skip(1).FirstOrDefault() == "false";
        foreach (var service in builder.Resources.OfType<ProjectResource>().Where(p => !production && p.Name is "admin" or "agent"))
        {
            builder.CreateResourceBuilder(service).WithEnvironment("Tenancy__TenantUrls__AllowedHosts__1", "127.0.0.1");
        }
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(ct);
        var file = TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, "apphost.log"), append: true) { AutoFlush = true });
        return new TestApp(app, directory, instance, new CapturedLog(file));
    }

    /// <summary>Builds and starts the product; returns once every service is healthy and the demo is seeded.</summary>
    public static async Task<TestApp> StartAsync(CancellationToken ct, Action<IDistributedApplicationTestingBuilder>? configure = null, params string[] args) =>
        await StartedAsync(await CreateAsync(configure, ct, args), ct);

    /// <summary>Builds and starts the product again on the data folder of a run that has stopped, as the same installation restarted.</summary>
    public static async Task<TestApp> RestartAsync(string dataDirectory, CancellationToken ct, params string[] args) =>
        await StartedAsync(await CreateAsync(dataDirectory, configure: null, args, ct), ct);

    static async Task<TestApp> StartedAsync(TestApp app, CancellationToken ct)
    {
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts and waits for every service to be healthy; fails with the supervisor's reason if one never gets up.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        using var slot = await ProductStartSlot.AcquireAsync(ct);
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        // The orchestrator's start waits for resources; a service that never gets up fails it through the supervisor instead.
        var started = _app.StartAsync(ct);
        var failure = _app.Services.GetRequiredService<ServiceSupervisor>().StartupFailure;
        var healthy = WaitUntilHealthyAsync(started, notifications, logs, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(healthy, failure, Task.Delay(TimeSpan.FromMinutes(4), timeout.Token));
        await timeout.CancelAsync();
        // The supervisor's stop can cancel the orchestrator's start before the failure is observed here.
        if (finished == failure || (healthy.IsCompleted && !healthy.IsCompletedSuccessfully && !ct.IsCancellationRequested
            && await Task.WhenAny(failure, Task.Delay(TimeSpan.FromSeconds(10), ct)) == failure))
        {
            throw new InvalidOperationException(await failure);
        }
        if (finished != healthy)
        {
            var states = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                .Select(r => notifications.TryGetCurrentState(r.Name, out var e) ? $"{r.Name} ({e.Snapshot.State?.Text}, {e.Snapshot.HealthStatus})" : $"{r.Name} (not created)");
            throw new TimeoutException($"The product did not become healthy within 4 minutes: {string.Join(", ", states)}; see {DataDirectory}/apphost.log");
        }
        await healthy;
        foreach (var name in new[] { "redis", "messaging" })
        {
            _connectionStrings[name] = (await _app.GetConnectionStringAsync(name == "messaging" ? "postgres" : name, ct))!;
        }
    }

    async Task WaitUntilHealthyAsync(Task started, ResourceNotificationService notifications, ResourceLoggerService logs, CancellationToken ct)
    {
        await started;
        // The orchestrator streams a process's output, from its first line, once someone watches it.
        foreach (var resource in _app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            _logPumps.Add(PumpLogAsync(logs, resource));
        }
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        List<Task> waits = [.. model.Resources.OfType<ProjectResource>().Select(s => (Task)notifications.WaitForResourceHealthyAsync(s.Name, ct))];
        if (model.Resources.Any(r => r.Name == "demo"))
        {
            waits.Add(notifications.WaitForResourceAsync("demo", KnownResourceStates.Finished, ct));
        }
        await Task.WhenAll(waits);
    }

    /// <summary>A client for a service; to internal APIs it calls with the AppHost's own service credential, as the demo seed does.</summary>
    public HttpClient CreateHttpClient(string service)
    {
        var client = _app.CreateHttpClient(service, "http");
        if (ServiceCredentials.Targets.Contains(service))
        {
            client.DefaultRequestHeaders.Authorization = _app.Services.GetRequiredService<ServiceCredentials>().AppHostHeader;
        }
        return client;
    }

    /// <summary>
    /// A client of the Agent's or Billing's operator API acting, as Admin does for a signed-in user,
    /// for a new operator of the workspace: those services answer a workspace's reads only for its members.
    /// </summary>
    /// <param name="role">"operator", or "owner" for what only an owner may change (the workspace's policy).</param>
    public async Task<HttpClient> CreateOperatorClientAsync(string service, string workspaceId, CancellationToken ct, string role = "operator")
    {
        using var admin = CreateHttpClient("admin");
        using var member = await admin.PutAsJsonAsync($"/api/tenancy/workspaces/{workspaceId}/members",
            new { email = $"reader-{Guid.NewGuid():N}@example.com", displayName = "Test reader", password = "correct-horse-7", role }, ct);
        var body = await member.Content.ReadAsStringAsync(ct);
        if (!member.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Adding an operator to workspace {workspaceId} answered {(int)member.StatusCode}: {body}");
        }
        var userId = JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString()!;
        return CreateHttpClient(service).ActFor(Guid.Parse(userId));
    }

    /// <summary>A client presenting no credential, as anyone who reached the service's address.</summary>
    public HttpClient CreateAnonymousHttpClient(string service) => _app.CreateHttpClient(service, "http");

    public Uri GetEndpoint(string service) => _app.GetEndpoint(service, "http");

    /// <summary>"redis" or "messaging", as the services receive them.</summary>
    public string GetConnectionString(string name) => _connectionStrings[name];

    /// <summary>The process the orchestrator runs for a resource, as it reports it.</summary>
    public int? Pid(string resource)
    {
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(resource, out var current) || current.Snapshot.State?.Text != KnownResourceStates.Running)
        {
            return null;
        }
        var value = current.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString();
        return int.TryParse(value, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The environment the resource's process runs with, as the orchestrator gave it.</summary>
    public IReadOnlyDictionary<string, string> Environment(string resource) =>
        File.ReadAllText($"/proc/{Pid(resource) ?? throw new InvalidOperationException($"{resource} has no process")}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>SIGKILL to the resource's process and everything it started, as a crash would.</summary>
    public Task KillAsync(string resource)
    {
        var pid = Pid(resource) ?? throw new InvalidOperationException($"{resource} has no running process.");
        ProcessTree.Kill(pid);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits until the supervisor brought the resource back as another process, and healthy
    /// unless <paramref name="healthy"/> is false (a service may rightly be unready while a dependency is down).
    /// </summary>
    public async Task<int> WaitForRestartAsync(string resource, int killedPid, CancellationToken ct, bool healthy = true)
    {
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        await notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(resource) is { } pid && pid != killedPid, ct)
            .WaitAsync(TimeSpan.FromSeconds(120), ct);
        if (healthy)
        {
            await notifications.WaitForResourceHealthyAsync(resource, ct).WaitAsync(TimeSpan.FromSeconds(120), ct);
        }
        return Pid(resource)!.Value;
    }

    /// <summary>Stops a resource through the orchestrator, as the dashboard's Stop button does.</summary>
    public Task StopResourceAsync(string resource, CancellationToken ct) => RunCommandAsync(resource, KnownResourceCommands.StopCommand, ct);

    public async Task StartResourceAsync(string resource, CancellationToken ct)
    {
        await RunCommandAsync(resource, KnownResourceCommands.StartCommand, ct);
        await _app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(resource, ct);
    }

    async Task RunCommandAsync(string resource, string command, CancellationToken ct)
    {
        var result = await _app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, ct);
        Assert.True(result.Success, $"{command} on {resource}: {result.Message}");
    }

    async Task PumpLogAsync(ResourceLoggerService logs, IResource resource)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stopLogs.Token))
            {
                foreach (var line in batch)
                {
                    Log.WriteLine($"{resource.Name} | {line.Content}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public ValueTask DisposeAsync() => ShutDownAsync(keepData: false);

    /// <summary>Stops the product and leaves its data folder as it is, for <see cref="RestartAsync"/> on it.</summary>
    public ValueTask StopKeepingDataAsync() => ShutDownAsync(keepData: true);

    async ValueTask ShutDownAsync(bool keepData)
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // The container disposes only what it made, not the AppHost's lock on its data folder: released here, so a
        // restart on the same folder in this process is not taken for a second AppHost (a real AppHost's process ends).
        var dataDirectoryLock = _app.Services.GetRequiredService<DataDirectoryLock>();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            dataDirectoryLock.Dispose();
            await _stopLogs.CancelAsync();
            await Task.WhenAll(_logPumps);
            _stopLogs.Dispose();
            Log.Dispose();
            // The databases and spools go (hundreds of MB a run); apphost.log stays to read after a failure.
            foreach (var folder in keepData ? [] : Directory.EnumerateDirectories(DataDirectory))
            {
                TestDirectories.TryDelete(folder);
            }
        }
        // Every product a test starts must leave nothing behind when it stops, however its tests treated it.
        await Eventually.ReturnsAsync(() => Task.FromResult(MarkedProcesses.Find(InstanceId)), pids => pids.Count == 0,
            "no process of the run is left once it stopped", TimeSpan.FromSeconds(15));
    }
}
