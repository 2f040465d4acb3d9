using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Messaging.Testing;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(Deploy.Tests.Infrastructure.AppHostProduction))]

namespace Deploy.Tests.Infrastructure;

/// <summary>A service as the AppHost runs it in production mode (<c>--demo false</c>).</summary>
/// <param name="Settings">The names of the environment variables the AppHost gives it.</param>
/// <param name="WaitsFor">The resources it starts after.</param>
public sealed record ProductionService(string Name, string ProjectPath, IReadOnlySet<string> Settings, IReadOnlyList<string> WaitsFor);

/// <summary>
/// The AppHost's production model, built as <c>dotnet run --project AppHost -- --demo false</c> builds
/// it and never started: which services run, from which projects, with which settings, in which order.
/// The deployment files must agree with it.
/// </summary>
public sealed class AppHostProduction : IAsyncLifetime
{
    /// <summary>
    /// What the AppHost gives a service only because it runs everything on one machine for a
    /// developer, and why a deployment does not.
    /// </summary>
    public static readonly IReadOnlyList<(Func<string, bool> Matches, string Why)> LocalRunOnly =
    [
        (name => name == "ASPNETCORE_URLS", "the AppHost picks the port; a container listens on ASPNETCORE_HTTP_PORTS from its Dockerfile"),
        (name => name.EndsWith("_HTTP", StringComparison.Ordinal) && name.All(c => !char.IsLower(c)),
            "Aspire's references for processes that are not .NET; the services resolve services__{name}__http__0"),
        (name => name.StartsWith("OTEL_DOTNET_EXPERIMENTAL_", StringComparison.Ordinal),
            "development conveniences (URL query strings unredacted in traces, no export retry); a deployment keeps the SDK's defaults"),
        (name => name.StartsWith("Email__", StringComparison.Ordinal),
            "the local run's mail sink; a deployment names its own SMTP server, or none (the console then shows the links it would mail)"),
    ];

    /// <summary>What the AppHost adds with its dashboard (off here), which a deployment sets for its own OTLP receiver.</summary>
    public static readonly string[] TelemetrySettings = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME"];

    string? _dataDirectory;

    public IReadOnlyList<ProductionService> Services { get; private set; } = [];

    public ProductionService Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>Every setting a deployment must give <paramref name="service"/>: the AppHost's, less the local run's own, plus telemetry.</summary>
    public static IEnumerable<string> RequiredSettings(ProductionService service) =>
        service.Settings.Where(name => !LocalRunOnly.Any(rule => rule.Matches(name))).Concat(TelemetrySettings).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = TestDirectories.Create("deploy-apphost");
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--data-dir", _dataDirectory, "--demo", "false", "--gateway-port", "0"],
            (options, _) => options.DisableDashboard = true,
            ct);
        await using var app = await builder.BuildAsync(ct);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        // As a publisher sees them: references stay expressions, nothing needs to be running.
        var context = new DistributedApplicationExecutionContext(new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Publish) { Services = app.Services });
        var services = new List<ProductionService>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var environment = new Dictionary<string, object>(StringComparer.Ordinal);
            var callbackContext = new EnvironmentCallbackContext(context, project, environment, ct);
            foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(callbackContext);
            }
            var projectPath = Path.GetRelativePath(Repository.Root, project.GetProjectMetadata().ProjectPath).Replace(Path.DirectorySeparatorChar, '/');
            var waits = project.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).Distinct(StringComparer.Ordinal).ToList();
            services.Add(new ProductionService(project.Name, projectPath, environment.Keys.ToHashSet(StringComparer.Ordinal), waits));
        }
        Services = services;
    }

    public ValueTask DisposeAsync()
    {
        if (_dataDirectory is not null)
        {
            TestDirectories.TryDelete(_dataDirectory);
        }
        return ValueTask.CompletedTask;
    }
}
