using Messaging.AppHost.Demo;
using Messaging.AppHost.Infrastructure;

namespace Messaging.AppHost;

internal static class ServicesExtensions
{
    /// <summary>
    /// The services, each waiting for what it needs: Admin owns the tenancy schema that Ingest and
    /// Agent read, so they start after it; the gateway, the only public entry, starts last.
    /// Every service can reach every other by name (<c>http://billing</c>).
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddServices(this IDistributedApplicationBuilder builder, LocalRunSettings settings, Infrastructure.Infrastructure infrastructure)
    {
        var gateway = builder.AddProject<Projects.Gateway>("gateway")
            .WithHttpEndpoint(port: settings.GatewayPort, name: "http");
        var publicBaseUrl = gateway.GetEndpoint("http");

        var sandbox = builder.AddProject<Projects.Sandbox>("sandbox")
            .WithHttpEndpoint(name: "http")
            .WithEnvironment("Sandbox__PublicBaseUrl", publicBaseUrl)
            .WithDemoAccounts();
        sandbox.WithEnvironment("Sandbox__SelfBaseUrl", sandbox.GetEndpoint("http"));

        var admin = builder.AddService<Projects.Admin>("admin", infrastructure);
        var billing = builder.AddService<Projects.Billing>("billing", infrastructure);
        var ingest = builder.AddService<Projects.Ingest>("ingest", infrastructure)
            .WithEnvironment("Ingest__SpoolDirectory", Path.Combine(settings.DataDirectory, "ingest-spool"))
            .WaitFor(admin);
        var agent = builder.AddService<Projects.Agent>("agent", infrastructure)
            .WaitFor(admin)
            .WaitFor(billing);
        gateway.WaitFor(ingest).WaitFor(admin).WaitFor(sandbox);

        // The key ring that encrypts tenant secrets is itself encrypted with a key kept outside the database.
        var masterKey = builder.AddGeneratedSecret("secrets-master-key", Path.Combine(settings.DataDirectory, "secrets-master.key"), 32, Convert.ToBase64String);
        foreach (var service in new[] { admin, ingest, agent })
        {
            service.WithEnvironment("Tenancy__Secrets__MasterKey", masterKey);
        }

        IResourceBuilder<ProjectResource>[] services = [gateway, sandbox, admin, billing, ingest, agent];
        foreach (var service in services)
        {
            service.WithEnvironment("PUBLIC_BASE_URL", publicBaseUrl)
                .WithHttpHealthCheck("/health")
                .WithConsoleLogDefaults();
            foreach (var other in services.Where(o => o != service))
            {
                service.WithReference(other);
            }
        }
        return services;
    }

    static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, Infrastructure.Infrastructure infrastructure)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpEndpoint(name: "http")
            .WithReference(infrastructure.Redis, InfrastructureExtensions.RedisName)
            .WithReference(infrastructure.Database, InfrastructureExtensions.DatabaseName)
            .WaitFor(infrastructure.Redis)
            .WaitFor(infrastructure.Database);

    static IResourceBuilder<ProjectResource> WithConsoleLogDefaults(this IResourceBuilder<ProjectResource> service) => service
        // One line per entry in the console log, without colour codes the dashboard would show raw.
        .WithEnvironment("Logging__Console__FormatterName", "simple")
        .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
        .WithEnvironment("Logging__Console__FormatterOptions__ColorBehavior", "Disabled")
        // Aspire asks the exporter to retry in memory; at shutdown that means ~10 s of retries
        // against a dashboard that has already stopped. Exports are best effort here.
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "");
}
