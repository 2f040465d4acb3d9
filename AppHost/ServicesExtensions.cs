using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Messaging.AppHost.Demo;
using Messaging.AppHost.Infrastructure;
using Messaging.AppHost.Launch;

namespace Messaging.AppHost;

internal static class ServicesExtensions
{
    /// <summary>
    /// The services, each waiting for what it needs: Admin owns the tenancy schema that Ingest and
    /// Agent read (and Billing, its memberships), so they start after it; the gateway, the only public entry, starts last.
    /// Every service can reach every other by name (<c>http://billing</c>).
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddServices(this IDistributedApplicationBuilder builder, LocalRunSettings settings, Infrastructure.Infrastructure infrastructure, ServiceCredentials credentials)
    {
        var gateway = builder.AddProject<Projects.Gateway>("gateway")
            .WithHttpEndpoint(port: settings.GatewayPort, name: "http");
        var publicBaseUrl = gateway.GetEndpoint("http");

        var admin = builder.AddService<Projects.Admin>("admin", infrastructure);
        // Billing reads the memberships in the tenancy schema that Admin migrates.
        var billing = builder.AddService<Projects.Billing>("billing", infrastructure)
            .WaitFor(admin);
        var ingest = builder.AddService<Projects.Ingest>("ingest", infrastructure)
            .WithEnvironment("Ingest__SpoolDirectory", Path.Combine(settings.DataDirectory, "ingest-spool"))
            .WaitFor(admin);
        var agent = builder.AddService<Projects.Agent>("agent", infrastructure)
            .WaitFor(admin)
            .WaitFor(billing);
        gateway.WaitFor(ingest).WaitFor(admin);
        List<IResourceBuilder<ProjectResource>> services = [gateway, admin, billing, ingest, agent];
        if (settings.Demo)
        {
            services.Add(builder.AddSandbox(settings, infrastructure, publicBaseUrl, gateway, [admin, agent]));
        }

        // The key ring that encrypts tenant secrets is itself encrypted with a key kept outside the database.
        var masterKey = builder.AddGeneratedSecret("secrets-master-key", Path.Combine(settings.DataDirectory, "secrets-master.key"), 32, Convert.ToBase64String);
        foreach (var service in new[] { admin, ingest, agent })
        {
            service.WithEnvironment("Tenancy__Secrets__MasterKey", masterKey);
        }

        foreach (var service in services)
        {
            service.RunsBuiltAssembly();
            if (infrastructure.Logins is { } logins && logins.Has(service.Resource.Name))
            {
                // The grants are brought up to date before every start, once the service's dependencies are ready: a reader
                // started after Admin finds SELECT on the tables Admin just migrated. The orchestrator's own wait for them is
                // another handler of this event that need not run first (it ran after this one), so this one waits too.
                service.OnBeforeResourceStarted(async (resource, e, cancellationToken) =>
                {
                    await e.Services.GetRequiredService<ResourceNotificationService>().WaitForDependenciesAsync(resource, cancellationToken);
                    await logins.ApplyAsync(cancellationToken);
                });
            }
            credentials.GiveTo(service);
            service.WithEnvironment("PUBLIC_BASE_URL", publicBaseUrl)
                // Production everywhere: the demo differs by what runs, never by how the services behave.
                .WithEnvironment("DOTNET_ENVIRONMENT", Environments.Production)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environments.Production)
                .WithHttpHealthCheck("/health")
                .WithConsoleLogDefaults();
            foreach (var other in services.Where(o => o != service))
            {
                service.WithReference(other);
            }
        }
        return services;
    }

    /// <summary>Every service the run starts, by resource name.</summary>
    public static IEnumerable<string> Names(LocalRunSettings settings) =>
        settings.Demo ? ["gateway", "admin", "billing", "ingest", "agent", "sandbox"] : ["gateway", "admin", "billing", "ingest", "agent"];

    /// <summary>
    /// The emulated providers behind the demo's channels, and its phone simulator. Only the demo
    /// runs it: its management API can post to any URL, so no production deployment may.
    /// </summary>
    static IResourceBuilder<ProjectResource> AddSandbox(this IDistributedApplicationBuilder builder, LocalRunSettings settings, Infrastructure.Infrastructure infrastructure,
        EndpointReference publicBaseUrl, IResourceBuilder<ProjectResource> gateway, IEnumerable<IResourceBuilder<ProjectResource>> tenantUrlUsers)
    {
        // Its accounts, conversations, templates and call log live in its own schema; uploaded files next to the other data.
        var sandbox = builder.AddProject<Projects.Sandbox>("sandbox")
            .WithHttpEndpoint(name: "http")
            .WithDatabase(infrastructure)
            .WithEnvironment("Sandbox__MediaDirectory", Path.Combine(settings.DataDirectory, "sandbox-media"))
            .WithEnvironment("Sandbox__PublicBaseUrl", publicBaseUrl)
            .WithDemoAccounts();
        sandbox.WithEnvironment("Sandbox__SelfBaseUrl", sandbox.GetEndpoint("http"));
        gateway.WaitFor(sandbox);
        // The demo's channels name the Sandbox by its service name over plain http; the demo deployment allows exactly that,
        // in Admin, which validates the URLs, and in the Agent, which connects to them.
        foreach (var service in tenantUrlUsers)
        {
            service.WithEnvironment("Tenancy__TenantUrls__AllowHttp", "true")
                .WithEnvironment("Tenancy__TenantUrls__AllowedHosts__0", "sandbox");
        }
        return sandbox;
    }

    static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, Infrastructure.Infrastructure infrastructure)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpEndpoint(name: "http")
            .WithReference(infrastructure.Redis, InfrastructureExtensions.RedisName)
            .WaitFor(infrastructure.Redis)
            .WithDatabase(infrastructure);

    /// <summary>The database, with the service's own login where the AppHost runs the server, never the superuser's.</summary>
    static IResourceBuilder<ProjectResource> WithDatabase(this IResourceBuilder<ProjectResource> service, Infrastructure.Infrastructure infrastructure)
    {
        service.WaitFor(infrastructure.Database);
        return infrastructure.Logins is { } logins && logins.Has(service.Resource.Name)
            ? service.WithEnvironment($"ConnectionStrings__{InfrastructureExtensions.DatabaseName}", logins.ConnectionString(service.Resource.Name))
            : service.WithReference(infrastructure.Database, InfrastructureExtensions.DatabaseName);
    }

    static IResourceBuilder<ProjectResource> WithConsoleLogDefaults(this IResourceBuilder<ProjectResource> service) => service
        // One line per entry in the console log, without colour codes the dashboard would show raw.
        .WithEnvironment("Logging__Console__FormatterName", "simple")
        .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
        .WithEnvironment("Logging__Console__FormatterOptions__ColorBehavior", "Disabled")
        // Aspire asks the exporter to retry in memory; at shutdown that means ~10 s of retries
        // against a dashboard that has already stopped. Exports are best effort here.
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "");
}
