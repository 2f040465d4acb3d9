using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestBench;

/// <summary>
/// The product as <c>dotnet run --project AppHost</c> starts it (through Aspire.Hosting.Testing,
/// dashboard off, throw-away data), with the benchmark's extra resources and settings.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    /// <summary>Every service and the demo seed must be up before the first request.</summary>
    static readonly string[] ProductServices = ["gateway", "sandbox", "admin", "billing", "ingest", "agent"];

    /// <summary>Set in this process before DCP starts, so DCP's processes carry it and can be told from other runs'.</summary>
    const string MarkerVariable = "INGEST_BENCH_RUN";

    static readonly string Marker = Guid.NewGuid().ToString("N");

    readonly DistributedApplication _app;
    readonly IReadOnlyList<string> _extraResources;
    readonly Dictionary<string, int> _servicePids = new(StringComparer.Ordinal);

    BenchApp(DistributedApplication app, string dataDirectory, IReadOnlyList<string> extraResources)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _extraResources = extraResources;
    }

    public string DataDirectory { get; }

    /// <param name="durablePostgres">
    /// Off by default (fsync and synchronous commits off: fast, and safe while PostgreSQL's processes live);
    /// on where PostgreSQL itself is killed, since a commit it acknowledged must then survive.
    /// </param>
    public static async Task<BenchApp> CreateAsync(Func<IDistributedApplicationTestingBuilder, IReadOnlyList<string>> configure, bool durablePostgres = false)
    {
        var data = Path.Combine(Path.GetTempPath(), "ingest-bench-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable(MarkerVariable, Marker);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--data-dir", data, "--gateway-port", "0", "--durable-postgres", durablePostgres ? "true" : "false"],
            (options, _) => options.DisableDashboard = true);
        // The resources' console output is not the benchmark's: only problems reach the terminal.
        // Health checks fail by design until each service is up, and PostgreSQL logs everything on stderr.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("AppHost.Resources.postgres", LogLevel.None));
        var extra = configure(builder);
        return new BenchApp(await builder.BuildAsync(), data, extra);
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        await _app.StartAsync(cancel.Token);
        await Task.WhenAll(ProductServices.Concat(_extraResources)
            .Select(name => notifications.WaitForResourceHealthyAsync(name, cancel.Token))
            .Append(notifications.WaitForResourceAsync("demo", KnownResourceStates.Finished, cancel.Token)));
    }

    /// <summary>Stops a resource through the orchestrator, as the dashboard's Stop button does (the supervisor leaves it stopped).</summary>
    public async Task StopResourceAsync(string name)
    {
        var result = await _app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(name, KnownResourceCommands.StopCommand);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Stopping {name} failed: {result.Message}");
        }
    }

    /// <summary>Returns once the orchestrator reports the resource healthy (at once if it already is).</summary>
    public Task WaitForHealthyAsync(string name, CancellationToken cancellationToken) =>
        _app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(name, cancellationToken);

    public Uri Endpoint(string name) => _app.GetEndpoint(name, "http");

    public async Task<string> ConnectionStringAsync(string name) =>
        await _app.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"{name} has no connection string.");

    /// <summary>The serving process of a running resource (not the <c>dotnet run</c> wrapper), or null.</summary>
    public int? Pid(string name)
    {
        if (_servicePids.TryGetValue(name, out var known) && Directory.Exists($"/proc/{known}"))
        {
            return known;
        }
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(name, out var current) || current.Snapshot.State?.Text != KnownResourceStates.Running)
        {
            return null;
        }
        var value = current.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString();
        if (!int.TryParse(value, CultureInfo.InvariantCulture, out var reported))
        {
            return null;
        }
        return _servicePids[name] = ServiceProcess.Resolve(reported);
    }

    /// <summary>
    /// DCP's own processes (API server, controllers, one monitor per service): every request to a
    /// service's endpoint passes through DCP's proxy on its published port.
    /// </summary>
    public IReadOnlyList<int> DcpPids() => ServiceProcess.WithExecutableAndVariable("dcp", MarkerVariable, Marker);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
