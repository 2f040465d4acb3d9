namespace EndToEnd.Tests.Infrastructure;

/// <summary>Debug or Release: the services and the AppHost are built with the tests, in the same configuration.</summary>
public static class BuildConfiguration
{
    public static string Name { get; } =
        typeof(BuildConfiguration).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
}
