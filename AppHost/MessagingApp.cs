using Messaging.AppHost.Demo;
using Messaging.Hosting;
using Messaging.Hosting.Servers;

namespace Messaging.AppHost;

/// <summary>
/// The whole product: Redis and PostgreSQL, then the services in dependency order, the
/// gateway last. <c>dotnet run --project AppHost</c> and the end-to-end tests both start it
/// through this one description.
/// </summary>
public static class MessagingApp
{
    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        var builder = DistributedApplicationBuilder.Create(options);
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("messaging", database: "messaging");

        var gateway = builder.AddProject("gateway", ServiceProjects.PathOf("gateway"), options.GatewayPort);
        var publicBaseUrl = gateway.Url.ToString().TrimEnd('/');

        var sandbox = builder.AddProject("sandbox", ServiceProjects.PathOf("sandbox"))
            .WithEnvironment("Sandbox__PublicBaseUrl", publicBaseUrl)
            .WithDemoAccounts();
        sandbox.WithEnvironment("Sandbox__SelfBaseUrl", sandbox.Url.ToString().TrimEnd('/'));
        var admin = builder.AddProject("admin", ServiceProjects.PathOf("admin"))
            .WithReference(redis)
            .WithReference(postgres);
        var billing = builder.AddProject("billing", ServiceProjects.PathOf("billing"))
            .WithReference(redis)
            .WithReference(postgres);
        // Ingest and Agent read the tenancy schema that Admin migrates, so they start after it.
        var ingest = builder.AddProject("ingest", ServiceProjects.PathOf("ingest"))
            .WithReference(redis)
            .WithReference(postgres)
            .WithEnvironment("Ingest__SpoolDirectory", Path.Combine(options.DataDirectory, "ingest-spool"))
            .WaitFor(admin);
        var agent = builder.AddProject("agent", ServiceProjects.PathOf("agent"))
            .WithReference(redis)
            .WithReference(postgres)
            .WaitFor(admin)
            .WaitFor(billing);
        gateway.WaitFor(ingest).WaitFor(admin).WaitFor(sandbox);

        foreach (var service in new[] { gateway, sandbox, admin, billing, ingest, agent })
        {
            service.WithEnvironment("PUBLIC_BASE_URL", publicBaseUrl);
        }
        // The key ring that encrypts tenant secrets is itself encrypted with a key kept outside the database.
        Directory.CreateDirectory(options.DataDirectory);
        var masterKey = SecretFile.ReadOrCreate(Path.Combine(options.DataDirectory, "secrets-master.key"), 32, Convert.ToBase64String);
        foreach (var service in new[] { admin, ingest, agent })
        {
            service.WithEnvironment("Tenancy__Secrets__MasterKey", masterKey);
        }
        return builder;
    }
}
