namespace Messaging.AppHost.Servers;

/// <summary>redis-server from the machine's packages, run by the orchestrator, with its data in the data folder.</summary>
internal sealed class RedisServerResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    /// <summary>Settings that must not appear on a command line (the password) live in this owner-only file.</summary>
    public string ConfigFile => Path.Combine(DataDirectory, "redis.conf");

    /// <summary>The <c>host:port,password=...</c> form StackExchange.Redis reads.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
