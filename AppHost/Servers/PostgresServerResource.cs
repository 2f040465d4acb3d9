namespace Messaging.AppHost.Servers;

/// <summary>A PostgreSQL cluster in the data folder, run from the machine's packages, with the product's database.</summary>
internal sealed class PostgresServerResource(string name, string command, string baseDirectory, string database, ParameterResource password)
    : ExecutableResource(name, command, baseDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string SuperUser = "postgres";

    /// <summary>Holds the cluster and, while initdb runs, its password file.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    public string ClusterDirectory => Path.Combine(BaseDirectory, "cluster");

    public string InitPasswordFile => Path.Combine(BaseDirectory, "initdb.pw");

    public string Database { get; } = database;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    /// <summary>The services' own logins on this server.</summary>
    public DatabaseLogins Logins { get; set; } = null!;

    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(Database);

    /// <summary>The same server with another database: the readiness check connects to <c>postgres</c>, which always exists.</summary>
    public ReferenceExpression ConnectionStringFor(string database) => ConnectionStringFor(database, SuperUser, Password);

    /// <summary>The server as another login (a service's own role).</summary>
    public ReferenceExpression ConnectionStringFor(string database, string user, ParameterResource password) => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={user};Password={password};Database={database}");
}
