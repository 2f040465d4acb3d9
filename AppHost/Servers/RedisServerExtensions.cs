using Microsoft.Extensions.DependencyInjection;

namespace Messaging.AppHost.Servers;

internal static class RedisServerExtensions
{
    /// <summary>
    /// redis-server with the append-only file on (<c>appendfsync everysec</c>), so an accepted
    /// message survives a restart of Redis, listening on loopback where the orchestrator's proxy
    /// sends it connections, healthy once it answers PING with the password.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name, string dataDirectory, IResourceBuilder<ParameterResource> password)
    {
        Directory.CreateDirectory(dataDirectory);
        var redis = new RedisServerResource(name, Binaries.RedisServer(), dataDirectory, password.Resource);
        var healthCheck = name + "-ping";
        var ping = new RedisPingCheck(redis);
        builder.Services.AddHealthChecks().Add(new(healthCheck, _ => ping, failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigFile);
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                var secret = await resource.Password.GetValueAsync(cancellationToken).ConfigureAwait(false);
                SecretFile.WriteOwnerOnly(resource.ConfigFile, string.Join('\n',
                    "bind 127.0.0.1",
                    "protected-mode yes",
                    "dir " + resource.DataDirectory,
                    "appendonly yes",
                    "appendfsync everysec",
                    "save \"\"",
                    "daemonize no",
                    "logfile \"\"",
                    "requirepass " + secret,
                    ""));
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }
}
