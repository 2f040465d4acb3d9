namespace Messaging.AppHost.Demo;

/// <summary>The demo workspace as a resource of its own: the dashboard shows whether it was seeded, and tests wait for it.</summary>
internal sealed class DemoSeedResource(string name) : Resource(name);
