namespace Messaging.Hosting;

public sealed record DistributedApplicationOptions
{
    /// <summary>Where Redis and PostgreSQL keep their data when the orchestrator starts them.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The public port of the gateway; 0 picks a free one.</summary>
    public int GatewayPort { get; init; } = 8080;

    /// <summary>An existing Redis to use instead of starting redis-server.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>An existing PostgreSQL database to use instead of starting a cluster.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Off only for throw-away test clusters (no fsync).</summary>
    public bool DurablePostgres { get; init; } = true;

    public string EnvironmentName { get; init; } = "Development";

    /// <summary>The configuration the services were built in (Debug or Release); their outputs are run from there.</summary>
    public string BuildConfiguration { get; init; } = "Debug";

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Where prefixed log lines go; the console by default.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Color the service prefixes (only on a terminal).</summary>
    public bool Colors { get; init; }
}
