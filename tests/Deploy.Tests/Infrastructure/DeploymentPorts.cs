namespace Deploy.Tests.Infrastructure;

/// <summary>The ports the deployment files agree on.</summary>
public static class DeploymentPorts
{
    /// <summary>What every service's container listens on (the Dockerfile's ASPNETCORE_HTTP_PORTS) and its Service offers.</summary>
    public const int Container = 8080;

    /// <summary>The gateway's public port when the deployer names none: the AppHost's default (LocalRunSettings).</summary>
    public const int Gateway = 8080;
}
