using Microsoft.Extensions.DependencyInjection;

namespace Messaging.AppHost.Demo;

internal static class DemoExtensions
{
    public const string ResourceName = "demo";

    /// <summary>Seeds the demo workspace through Admin's, Billing's and the Sandbox's APIs once they are healthy, on every start (it does nothing when the workspace exists).</summary>
    public static IResourceBuilder<DemoSeedResource> AddDemoWorkspace(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> admin, IResourceBuilder<ProjectResource> billing,
        IResourceBuilder<ProjectResource> sandbox, DemoLogin login, ServiceCredentials credentials, bool platformApp)
    {
        var demo = new DemoSeedResource(ResourceName);
        builder.Services.AddSingleton(login);
        // The console's menu links to the phone simulator, which the gateway routes while the demo is on.
        admin.WithEnvironment("Console__SimulatorPath", "/sandbox/");
        builder.Services.AddHostedService(sp => new DemoSeeder(
            sp.GetRequiredService<ResourceNotificationService>(),
            sp.GetRequiredService<ResourceLoggerService>(),
            sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(),
            demo,
            login,
            admin.Resource,
            billing.Resource,
            sandbox.Resource,
            credentials,
            platformApp));
        return builder.AddResource(demo)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Demo workspace",
                State = KnownResourceStates.Waiting,
                Properties = [new("workspace", DemoWorkspace.Slug)],
            })
            .WithIconName("PeopleTeam");
    }
}
