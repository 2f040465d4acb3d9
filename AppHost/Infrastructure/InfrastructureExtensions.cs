using Messaging.AppHost.Servers;
using Microsoft.Extensions.Configuration;

namespace Messaging.AppHost.Infrastructure;

/// <param name="Logins">Each service's own database login, on the cluster the AppHost runs; null on a given database or Aspire's container, where every service uses the one connection string.</param>
internal sealed record Infrastructure(IResourceBuilder<IResourceWithConnectionString> Redis, IResourceBuilder<IResourceWithConnectionString> Database, DatabaseLogins? Logins);

internal static class InfrastructureExtensions
{
    public const string RedisName = "redis";
    public const string DatabaseName = "messaging";

    /// <summary>
    /// Redis and PostgreSQL: the user's own when <c>ConnectionStrings__redis</c> /
    /// <c>ConnectionStrings__messaging</c> are given, Aspire's containers when asked for and a
    /// container engine is healthy, otherwise the machine's redis-server and postgres run from
    /// the data folder. Their passwords are secret parameters generated once into the data folder.
    /// </summary>
    public static Infrastructure AddInfrastructure(this IDistributedApplicationBuilder builder, LocalRunSettings settings)
    {
        var containers = settings.Containers && ContainerEngine.IsHealthy();
        if (settings.Containers && !containers)
        {
            Console.Error.WriteLine("--containers: no healthy container engine answered; running redis-server and postgres from this machine instead.");
        }
        var database = builder.AddDatabase(settings, containers);
        return new Infrastructure(builder.AddRedis(settings, containers), database, (database.Resource as Servers.PostgresServerResource)?.Logins);
    }

    static IResourceBuilder<IResourceWithConnectionString> AddRedis(this IDistributedApplicationBuilder builder, LocalRunSettings settings, bool containers)
    {
        if (IsGiven(builder, RedisName))
        {
            return builder.AddConnectionString(RedisName);
        }
        var directory = Path.Combine(settings.DataDirectory, "redis");
        Directory.CreateDirectory(directory);
        var password = builder.AddGeneratedSecret("redis-password", Path.Combine(directory, "redis.password"));
        return containers
            ? builder.AddRedis(RedisName, password: password).WithDataBindMount(Path.Combine(directory, "container")).WithPersistence()
            : builder.AddRedisServer(RedisName, directory, password);
    }

    static IResourceBuilder<IResourceWithConnectionString> AddDatabase(this IDistributedApplicationBuilder builder, LocalRunSettings settings, bool containers)
    {
        if (IsGiven(builder, DatabaseName))
        {
            return builder.AddConnectionString(DatabaseName);
        }
        var directory = Path.Combine(settings.DataDirectory, "postgres");
        Directory.CreateDirectory(directory);
        var password = builder.AddGeneratedSecret("postgres-password", Path.Combine(directory, "postgres.password"));
        return containers
            ? builder.AddPostgres("postgres", password: password).WithDataBindMount(Path.Combine(directory, "container")).AddDatabase(DatabaseName)
            : builder.AddPostgresServer("postgres", directory, DatabaseName, password, settings.DurablePostgres);
    }

    /// <summary>A secret parameter: <c>Parameters:{name}</c> when configured, else generated once into an owner-only file.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name, string file, int bytes = 16, Func<byte[], string>? encode = null) =>
        builder.AddParameter(name, builder.GeneratedSecretValue(name, file, bytes, encode), secret: true);

    /// <summary>The value <see cref="AddGeneratedSecret"/> gives its parameter, for what must be derived from it at build time (a hash).</summary>
    public static string GeneratedSecretValue(this IDistributedApplicationBuilder builder, string name, string file, int bytes = 16, Func<byte[], string>? encode = null)
    {
        var configured = builder.Configuration[$"Parameters:{name}"];
        return string.IsNullOrEmpty(configured) ? SecretFile.ReadOrCreate(file, bytes, encode ?? SecretFile.Hex) : configured;
    }

    static bool IsGiven(IDistributedApplicationBuilder builder, string name) => !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name));
}
